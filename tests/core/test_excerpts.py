"""Search excerpts cut in Python (PostgreSQL's results): what a reader sees under each hit."""

from __future__ import annotations

from workspace.core.excerpts import excerpt, marked, searched_words

LONG = (
    "The meeting in Kuwait opened with a review of training needs across the region. "
    "Delegations then discussed staffing at land crossings, fuel for patrol vehicles and "
    "radio coverage in the desert sectors. Late in the afternoon the Jordanian delegation "
    "described how advance passenger data reaches the border posts two hours before a "
    "flight lands, and how the risk analysis unit shares passenger data with the airport. "
    "The chair closed the session with thanks to the hosts and a date for the next "
    "meeting of the working group on training and equipment."
)


def test_the_words_searched_for_leave_out_excluded_words_and_or():
    assert searched_words('Passenger DATA -retention or "e-gates"') == {
        "passenger",
        "data",
        "e",
        "gates",
    }
    assert searched_words("-only -excluded") == frozenset()


def test_an_excerpt_shows_the_part_holding_the_words_with_them_marked():
    words = searched_words("passenger data")
    cut = str(excerpt(LONG, words))
    assert cut.startswith("… ") and cut.endswith(" …")
    assert "<mark>passenger</mark> <mark>data</mark> reaches the border posts" in cut
    assert "meeting in Kuwait" not in cut  # the start of the post, far from the words
    assert len(cut.split()) < 50


def test_an_excerpt_escapes_the_text_and_marks_words_whatever_their_case():
    cut = str(excerpt("<script>alert(1)</script> Radar & RADAR\n\nfirst", searched_words("radar")))
    assert cut == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Radar</mark> &amp; <mark>RADAR</mark> first"
    )


def test_an_excerpt_of_text_without_the_words_is_its_start():
    cut = str(excerpt(LONG, searched_words("biometrics")))
    assert cut.startswith("The meeting in Kuwait opened") and "<mark>" not in cut
    assert str(excerpt("", searched_words("radar"))) == ""
    assert str(excerpt("— …", searched_words("radar"))) == "— …"


def test_a_title_is_shown_whole_with_the_words_marked():
    title = marked("Advance passenger data: formats <v2>", searched_words("data formats"))
    assert str(title) == "Advance passenger <mark>data</mark>: <mark>formats</mark> &lt;v2&gt;"


def test_words_in_other_scripts_are_marked():
    words = searched_words("Паспортный контроль الحدود")
    assert str(marked("Паспортный контроль на границе", words)).count("<mark>") == 2
    assert str(excerpt("إدارة الحدود المشتركة", words)) == "إدارة <mark>الحدود</mark> المشتركة"


def test_only_whole_words_are_marked():
    words = searched_words("data")
    assert str(marked("Metadata, database and data_set: data.", words)) == (
        "Metadata, database and data_set: <mark>data</mark>."
    )
    # A letter whose lowercase is two characters long does not shift the marks.
    assert str(marked("İİ data", words)) == "İİ <mark>data</mark>"


def test_the_excerpt_holding_most_of_the_words_starts_at_a_word():
    text = "Radar first. " + "Interoperability considerations regarding procurement. " * 12
    text += "Coastal radar data goes to the centre. " + "More filler to close. " * 12
    cut = str(excerpt(text, searched_words("radar data")))
    assert cut.startswith("… regarding procurement. Coastal <mark>radar</mark> <mark>data</mark>")
