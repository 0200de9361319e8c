"""Good practices: written up from threads and workshops, reviewed, published by region."""
