def sign_in(client, user):
    """Sign the test client in as `user`, signing out whoever was signed in."""
    client.post_form("/logout")
    client.login(user.email)
