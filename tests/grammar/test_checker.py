"""The check pipeline: diagnostics, positions, config, files, exit codes and speed."""

from __future__ import annotations

import time

import pytest

from kazkit.config import Config, load_config
from kazkit.errors import InputError, UsageError
from kazkit.grammar.checker import check_paths, check_text, exit_code, iter_files, rules_for

TEXT = "Бұл кітап ма?\r\nБіз  мектепке бардық ."


def ids(diags):
    return [d.rule_id for d in diags]


def test_findings_are_sorted_with_one_based_line_and_column():
    diags = check_text(TEXT)
    assert ids(diags) == ["KK_QUESTION_PARTICLE_ALLOMORPH", "KK_DOUBLE_SPACE", "KK_SPACE_BEFORE_PUNCT"]
    particle, double, before = diags
    assert (particle.line, particle.column, particle.replacements) == (1, 11, ["па"])
    assert (double.line, double.column) == (2, 4)
    assert TEXT[before.start:before.end] == " " and before.line == 2


def test_messages_follow_the_requested_language():
    english = check_text("Бұл кітап ма?")[0].message
    kazakh = check_text("Бұл кітап ма?", lang="kk")[0].message
    assert "па" in english and "сұраулық" in kazakh


def test_clean_kazakh_text_has_no_findings():
    text = ("Қазақ тілі — Қазақстан Республикасының мемлекеттік тілі. Ол түркі тілдерінің "
            "қыпшақ тобына жатады. Сен ертең мектепке келесің бе?")
    assert check_text(text) == []


def test_russian_sentence_is_not_checked_by_kazakh_rules():
    assert check_text("Мы шли домой , и было темно.") == []


def test_repeated_word_is_found_and_homograph_pair_kept():
    assert ids(check_text("Біз мектепке мектепке бардық.")) == ["KK_REPEATED_WORD"]
    assert check_text("Сен мен мен бірге барамыз.") == []


def test_consistency_reports_the_minority_spelling():
    text = "Біз әртүрлі кітап оқыдық. Онда әр түрлі сурет бар. Бәрі әртүрлі болды."
    diags = [d for d in check_text(text) if d.rule_id == "KK_CONSISTENT_SPELLING"]
    assert [(text[d.start:d.end], d.replacements) for d in diags] == [("әр түрлі", ["әртүрлі"])]


def test_config_disables_a_rule_and_a_category():
    assert "KK_DOUBLE_SPACE" not in ids(check_text(TEXT, config=Config(disable_rules=frozenset({"KK_DOUBLE_SPACE"}))))
    diags = check_text(TEXT, config=Config(disable_categories=frozenset({"typography", "punctuation"})))
    assert ids(diags) == ["KK_QUESTION_PARTICLE_ALLOMORPH"]


def test_config_enable_wins_over_a_disabled_category():
    config = Config(disable_categories=frozenset({"typography"}), enable_rules=frozenset({"KK_DOUBLE_SPACE"}))
    assert "KK_DOUBLE_SPACE" in ids(check_text(TEXT, config=config))


def test_min_severity_drops_hints():
    text = "Ол ойланып қалды..."
    assert ids(check_text(text)) == ["KK_ELLIPSIS"]
    assert check_text(text, config=Config(min_severity="warning")) == []


def test_accepted_and_rejected_words():
    config = Config(reject=("әр түрлі",), accept=frozenset({"мектепке мектепке"}))
    assert ids(check_text("Біз әр түрлі кітап оқыдық.", config=config)) == ["KK_REJECTED_WORD"]
    assert check_text("Біз мектепке мектепке бардық.", config=config) == []


def test_unknown_rule_id_in_config_is_a_usage_error():
    with pytest.raises(UsageError, match="KK_NO_SUCH_RULE"):
        rules_for(Config(disable_rules=frozenset({"KK_NO_SUCH_RULE"})))


def test_extra_rules_from_config_are_loaded(tmp_path):
    (tmp_path / "house.yaml").write_text("""rules:
  - id: HOUSE_NO_INTERNET
    type: substitution
    category: style
    severity: warning
    safe: true
    message: "Write «{suggestion}»."
    swap: {ғалам тор: ғаламтор}
    examples:
      incorrect: [{text: "Ол ғалам тор арқылы жазды.", correction: "Ол ғаламтор арқылы жазды."}]
      correct: ["Ол ғаламтор арқылы жазды."]
""", encoding="utf-8")
    (tmp_path / "kazkit.toml").write_text('[rules]\nextra_rules = ["*.yaml"]\n', encoding="utf-8")
    config = load_config(start=tmp_path)
    diags = check_text("Ол ғалам тор арқылы жазды.", config=config)
    assert "HOUSE_NO_INTERNET" in ids(diags)


def test_check_paths_walks_folders_with_include_globs(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Бұл кітап ма?", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_bytes("Біз  бардық.".encode("kz1048"))
    (tmp_path / "sub" / "c.csv").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("x", encoding="utf-8")
    results = list(check_paths([str(tmp_path)]))
    names = [name.replace(str(tmp_path), "") for name, _decoded, _diags in results]
    assert names == ["/a.txt", "/sub/b.md"]
    assert results[1][1].encoding == "kz1048" and ids(results[1][2]) == ["KK_DOUBLE_SPACE"]
    assert list(iter_files([str(tmp_path)], ["*.csv"])) == [str(tmp_path / "sub" / "c.csv")]


def test_folder_without_matching_files_is_named_on_stderr(tmp_path, capsys):
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    assert list(check_paths([str(tmp_path)])) == []
    err = capsys.readouterr().err
    assert f"{tmp_path}: no files matching *.txt, *.md" in err and "--include" in err


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        list(check_paths([str(tmp_path / "none.txt")]))


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 1), ("warning", 1), ("never", 0)])
def test_exit_code_follows_fail_on(fail_on, expected):
    assert exit_code(check_text("Бұл кітап ма?"), fail_on) == expected


def test_warnings_do_not_fail_on_error():
    assert exit_code(check_text("Біз  бардық."), "error") == 0
    assert exit_code(check_text("Біз  бардық."), "warning") == 1


@pytest.mark.slow
def test_one_megabyte_of_text_is_checked_in_seconds():
    paragraph = ("Қазақ тілі — Қазақстан Республикасының мемлекеттік тілі , ол түркі тілдерінің "
                 "қыпшақ тобына жатады. Мектептерімізде оқушылар ана тілін 1-сыныптан бастап оқиды, "
                 "бірақ кейбір оқушылар 5-ке дейін ғана санай алады. Сен ертең келесің бе?\n")
    text = paragraph * (1_000_000 // len(paragraph.encode("utf-8")) + 1)
    check_text(paragraph)  # load rules and lexicon first
    started = time.perf_counter()
    diags = check_text(text)
    elapsed = time.perf_counter() - started
    assert len(diags) >= text.count(" , ")
    assert elapsed < 20, f"1 MB took {elapsed:.1f} s"


def test_proximity_is_off_by_default_and_offers_synonyms_in_the_same_inflection():
    text = "Біз мәселелерді талқыладық, бірақ мәселелерді шеше алмадық."
    assert "KK_WORD_PROXIMITY" not in ids(check_text(text))
    diags = check_text(text, config=Config(enable_rules=frozenset({"KK_WORD_PROXIMITY"})))
    hint = next(d for d in diags if d.rule_id == "KK_WORD_PROXIMITY")
    assert text[hint.start:hint.end] == "мәселелерді" and hint.start > 20
    assert hint.replacements == ["проблемаларды", "түйткілдерді"]
    assert hint.severity == "hint"


def test_small_letter_after_a_full_stop_but_not_after_an_abbreviation():
    assert ids(check_text("Күн жылы болды. біз саябаққа бардық.")) == ["KK_SENTENCE_START_CAPITAL"]
    assert check_text("Абай 1845 ж. дүниеге келген. Ол т.б. шығармалар жазды.") == []


def test_numbers_with_thousands_separator_are_read_whole():
    assert check_text("Онда 300 000-нан астам адам тұрады.") == []
    assert [d.replacements for d in check_text("Халқы 100 000-ге артты.")] == [["ға"]]


def test_large_text_is_checked_in_blocks_with_offsets_into_the_whole_text(monkeypatch):
    from kazkit.grammar import checker

    paragraph = "Бұл кітап ма? Мен мектепке бардым.\n\n"
    text = paragraph * 40
    whole = [(d.rule_id, d.start, d.end, d.line) for d in checker.check_text(text)]
    monkeypatch.setattr(checker, "BLOCK_CHARS", 100)
    blocked = [(d.rule_id, d.start, d.end, d.line) for d in checker.check_text(text)]
    assert blocked == whole
    assert len(whole) == 40
    assert all(text[start:end] == "ма" for _rule, start, end, _line in whole)


def test_text_blocks_tile_the_text_and_cut_at_paragraphs():
    from kazkit.grammar.checker import text_blocks

    text = ("Бірінші абзац.\n\nЕкінші абзац өте ұзақ.\n" * 50)
    spans = list(text_blocks(text, 120))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(text[start - 2:start] == "\n\n" for start, _ in spans[1:])


def test_two_processes_find_exactly_what_one_finds(monkeypatch):
    from kazkit.grammar import checker

    paragraph = "Бұл кітап ма? Мен  мектепке бардым ,бірақ Окушылар келмеді.\n\n"
    text = paragraph * 60
    monkeypatch.setattr(checker, "PARALLEL_MIN_CHARS", 100)
    monkeypatch.setattr(checker, "MIN_CHUNK_CHARS", 200)
    assert len(checker._paragraph_chunks(text, 8)) == 8
    one = [(d.rule_id, d.start, d.end, d.replacements, d.line) for d in checker.check_text(text, jobs=1)]
    two = [(d.rule_id, d.start, d.end, d.replacements, d.line) for d in checker.check_text(text, jobs=2)]
    assert one == two and len(one) >= 60 * 4
    for jobs in (3, None):  # helpers take chunks of paragraphs; None = the cores
        many = [(d.rule_id, d.start, d.end, d.replacements, d.line) for d in checker.check_text(text, jobs=jobs)]
        assert many == one
    lines = text.replace("\n\n", " ")  # no blank line: the spell check is shared out by sentences
    assert checker._paragraph_chunks(lines, 8) == []
    single = [(d.rule_id, d.start, d.end, d.replacements) for d in checker.check_text(lines, jobs=1)]
    assert [(d.rule_id, d.start, d.end, d.replacements) for d in checker.check_text(lines, jobs=2)] == single
    monkeypatch.setattr(checker, "BLOCK_CHARS", 500)  # several blocks: the process pool path
    pooled = [(d.rule_id, d.start, d.end, d.replacements, d.line) for d in checker.check_text(text, jobs=2)]
    assert pooled == one


def test_sentence_chunks_tile_the_text_and_hold_every_sentence_once():
    from kazkit.grammar import checker
    from kazkit.grammar.rules import make_document

    doc = make_document("Бір сөйлем. Екінші сөйлем бар. Үшінші! Төртінші ме? Бесінші.")
    for count in (1, 2, 3, 4, 9):
        chunks = checker._sentence_chunks(doc, count)
        assert 1 <= len(chunks) <= count
        assert chunks[0][0] == 0 and chunks[-1][1] == len(doc.text)
        assert all(a[1] == b[0] for a, b in zip(chunks, chunks[1:], strict=False))
        views = [checker._sentences_between(doc, *chunk) for chunk in chunks]
        assert [s for view in views for s in view.sentences] == doc.sentences
        assert all(view.sentences for view in views)


def test_the_chunk_queue_hands_out_each_chunk_once_across_processes():
    from kazkit.grammar.forked import Child, ChunkQueue

    queue = ChunkQueue(5)
    assert (queue.take_first(), queue.take_last(), queue.take_first()) == (0, 4, 1)
    assert Child(queue.take_first).result() == 2  # a forked child takes from the same queue
    assert (queue.take_last(), queue.take_last(), queue.take_first()) == (3, None, None)
    queue.close()


def test_a_child_hands_back_its_value_or_its_error_or_nothing():
    import os

    import pytest

    from kazkit.grammar.forked import Channel, Child

    assert Child(sorted, ([3, 1, 2],)).result() == [1, 2, 3]
    with pytest.raises(ZeroDivisionError):
        Child(divmod, (1, 0)).result()
    assert Child(os._exit, (3,)).result() is None  # died without a word
    channel = Channel()
    child = Child(channel.send, ({"sent": True},))
    channel.parent_side()
    assert channel.receive() == {"sent": True} and child.result() is None
    silent = Channel()
    Child(os._exit, (0,)).result()
    silent.parent_side()
    with pytest.raises(EOFError):
        silent.receive()


def test_channel_works_where_in_memory_files_are_forbidden(monkeypatch):
    import os

    from kazkit.grammar.forked import Channel, Child

    def forbidden(*_args):
        raise PermissionError("memfd_create blocked by seccomp")

    monkeypatch.setattr(os, "memfd_create", forbidden)
    channel = Channel()
    child = Child(channel.send, ("x" * 200_000,))
    channel.parent_side()
    assert channel.receive() == "x" * 200_000 and child.result() is None


def test_default_jobs_follow_the_cores(monkeypatch):
    from kazkit.grammar import checker

    monkeypatch.setattr(checker, "_usable_cores", lambda: 16)
    assert checker._processes(None) == checker.MAX_AUTO_JOBS
    assert checker._processes(1) == 1
    monkeypatch.setattr(checker, "_usable_cores", lambda: 1)
    assert checker._processes(None) == 1


def test_paragraph_chunks_tile_the_text_at_blank_lines(monkeypatch):
    from kazkit.grammar import checker

    monkeypatch.setattr(checker, "MIN_CHUNK_CHARS", 100)
    text = "Бірінші абзац.\n\nЕкінші абзац.\n \n\nҮшінші абзац бар.\n\n" * 40
    for count in (2, 3, 8, 16):
        spans = checker._paragraph_chunks(text, count)
        assert len(spans) == count and spans[0][0] == 0 and spans[-1][1] == len(text)
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
        assert all(text[start - 1] == "\n" and not text[start].isspace() for start, _ in spans[1:])
    # one long stretch without a blank line would leave one process alone at the end
    lopsided = "Бір абзац.\n\n" * 40 + "Ұзақ сөйлем. " * 400
    assert checker._paragraph_chunks(lopsided, 8) == []


def test_a_helper_that_dies_costs_time_not_findings(monkeypatch):
    import os

    from kazkit.grammar import checker

    text = "Бұл кітап ма? Окушылар келмеді.\n\n" * 40
    monkeypatch.setattr(checker, "PARALLEL_MIN_CHARS", 100)
    one = [(d.rule_id, d.start, d.end, d.replacements) for d in checker.check_text(text, jobs=1)]
    monkeypatch.setattr(checker, "MIN_CHUNK_CHARS", 100)
    monkeypatch.setattr(checker, "_check_chunks", lambda *args: os._exit(1))
    assert [(d.rule_id, d.start, d.end, d.replacements) for d in checker.check_text(text, jobs=2)] == one


def test_a_refused_fork_leaves_the_check_to_one_process(monkeypatch):
    import os

    from kazkit.grammar import checker

    text = "Бұл кітап ма? Окушылар келмеді.\n\n" * 40
    monkeypatch.setattr(checker, "PARALLEL_MIN_CHARS", 100)
    one = [(d.rule_id, d.start, d.end, d.replacements) for d in checker.check_text(text, jobs=1)]
    monkeypatch.setattr(checker, "MIN_CHUNK_CHARS", 100)
    before = len(os.listdir("/proc/self/fd"))

    def refused():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    assert [(d.rule_id, d.start, d.end, d.replacements) for d in checker.check_text(text, jobs=3)] == one
    assert len(os.listdir("/proc/self/fd")) == before


def test_sentences_sent_between_processes_come_back_the_same():
    from kazkit.grammar import checker
    from kazkit.grammar.rules import make_document

    text = "Бұл кітап ма? Hello, world! Мен 5-сыныпта оқимын, т.б.\n\nПривет, как дела? Жақсы."
    cut = text.index("\n\n") + 2
    whole = make_document(text).sentences
    tail = make_document(text[cut:]).sentences
    back = checker.decode_sentences(text, checker.encode_sentences(tail, cut))
    assert back == [s for s in whole if s.sentence.start >= cut]
    assert checker.decode_sentences(text, checker.encode_sentences(whole, 0)) == whole


def test_a_helper_counts_words_in_the_whole_text(monkeypatch):
    from kazkit.grammar import checker

    # An unknown word repeated three times is taken for a term (a hint), wherever the repeats are.
    head = "Бүгін баспсөзде жаңалық жоқ. Кеше де баспсөзде ештеңе болмады.\n\n"
    filler = "Мен мектепке бардым. Біз кітап оқыдық.\n\n"
    text = head + filler * 30 + "Ертең баспсөзде не болады?\n\n" + filler * 10
    monkeypatch.setattr(checker, "PARALLEL_MIN_CHARS", 100)
    monkeypatch.setattr(checker, "MIN_CHUNK_CHARS", 100)
    one = [(d.rule_id, d.severity, d.start) for d in checker.check_text(text, jobs=1)]
    assert [severity for rule, severity, _ in one if rule == "KK_SPELLING"] == ["hint"] * 3
    assert [(d.rule_id, d.severity, d.start) for d in checker.check_text(text, jobs=2)] == one


def test_a_bad_config_stops_the_helpers_and_says_so(monkeypatch):
    import pytest

    from kazkit.config import Config
    from kazkit.errors import UsageError
    from kazkit.grammar import checker

    started = []

    class Recorded(checker.Child):
        def __init__(self, *args):
            super().__init__(*args)
            started.append(self)

    monkeypatch.setattr(checker, "Child", Recorded)
    monkeypatch.setattr(checker, "PARALLEL_MIN_CHARS", 100)
    monkeypatch.setattr(checker, "MIN_CHUNK_CHARS", 100)
    text = "Мен мектепке бардым. Біз кітап оқыдық.\n\n" * 40
    with pytest.raises(UsageError, match="KK_NO_SUCH_RULE"):
        checker.check_text(text, config=Config(disable_rules=frozenset({"KK_NO_SUCH_RULE"})), jobs=2)
    assert started and all(child.pid is None for child in started)  # stopped and reaped


def test_without_the_spell_check_a_helper_still_builds_part_of_the_document(monkeypatch):
    from kazkit.config import Config
    from kazkit.grammar import checker

    monkeypatch.setattr(checker, "PARALLEL_MIN_CHARS", 100)
    monkeypatch.setattr(checker, "MIN_CHUNK_CHARS", 100)
    text = "Бұл кітап ма? Мен  мектепке бардым ,бірақ Окушылар келмеді.\n\n" * 40
    config = Config(disable_categories=frozenset({"spelling"}))
    one = [(d.rule_id, d.start, d.end) for d in checker.check_text(text, config=config, jobs=1)]
    assert one and not any(rule.startswith("KK_SPELLING") for rule, _, _ in one)
    assert [(d.rule_id, d.start, d.end) for d in checker.check_text(text, config=config, jobs=2)] == one


def test_helpers_and_queues_release_everything_once(monkeypatch):
    import os

    from kazkit.grammar import checker
    from kazkit.grammar.forked import Channel, Child, ChunkQueue

    text = "Мен мектепке бардым. Біз кітап оқыдық.\n\n" * 40
    monkeypatch.setattr(checker, "PARALLEL_MIN_CHARS", 100)
    monkeypatch.setattr(checker, "MIN_CHUNK_CHARS", 100)
    checker.check_text(text, jobs=2)  # whatever a first check opens for good (data files)
    before = len(os.listdir("/proc/self/fd"))
    queue = ChunkQueue(2)
    queue.close()
    queue.close()
    child = Child(sum, ([1, 2],))
    assert child.result() == 3
    child.stop()  # after its result: nothing left to stop
    channel = Channel()
    channel.close()
    channel.close()
    checker.check_text(text, jobs=2)
    assert len(os.listdir("/proc/self/fd")) == before


def test_progress_reports_the_blocks_of_a_long_text(monkeypatch):
    from kazkit.grammar import checker
    from kazkit.output import text_progress

    text = "Біз мектепке бардық. Окушылар келді.\n\n" * 30
    monkeypatch.setattr(checker, "BLOCK_CHARS", 400)
    seen: list[tuple[int, int]] = []
    found = checker.check_text(text, jobs=1, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, len(text)) and seen[-1] == (len(text), len(text)) and len(seen) > 2
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert [(d.rule_id, d.start) for d in found] == [(d.rule_id, d.start) for d in checker.check_text(text, jobs=1)]
    short: list[tuple[int, int]] = []
    checker.check_text("Біз келдік.", progress=lambda done, total: short.append((done, total)))
    assert short == []  # one block: no bar for a text checked in one go
    with text_progress() as bar:
        assert bar is None  # stderr is no terminal here


def test_text_progress_bar_opens_on_first_report_and_closes_when_done():
    from kazkit.output import TextProgress

    bar = TextProgress()
    assert bar._bar is None  # nothing drawn (nor rich imported) before a long text reports
    bar("a.txt", 0, 10)
    assert bar._bar is not None
    bar("a.txt", 10, 10)
    assert bar._bar is None  # taken down before the text's findings are written
    bar.close()
