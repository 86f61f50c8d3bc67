from uppsikt.render._markdown import Paragraph, Run, parse


def test_paragraphs_bullets_and_inline_styles() -> None:
    text = "Inledning på\ntvå rader.\n\n- En **fet** punkt\n  - underpunkt med *kursiv*\n- Sista"
    assert parse(text) == [
        Paragraph("paragraph", (Run("Inledning på två rader."),)),
        Paragraph("bullet", (Run("En "), Run("fet", bold=True), Run(" punkt"))),
        Paragraph("bullet", (Run("underpunkt med "), Run("kursiv", italic=True)), level=1),
        Paragraph("bullet", (Run("Sista"),)),
    ]


def test_unbalanced_markers_stay_text() -> None:
    assert parse("5 * 3 = 15") == [Paragraph("paragraph", (Run("5 * 3 = 15"),))]
