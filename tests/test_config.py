"""kazkit.toml: found by walking up, validated with one-line errors naming the file."""

from __future__ import annotations

import pytest

from kazkit.config import Config, find_config, load_config
from kazkit.errors import UsageError


def test_config_is_found_by_walking_up(tmp_path):
    (tmp_path / "kazkit.toml").write_text('[rules]\ndisable = ["KK_ELLIPSIS"]\n', encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / "kazkit.toml"
    config = load_config(start=deep)
    assert config.disable_rules == {"KK_ELLIPSIS"} and not config.rule_on("KK_ELLIPSIS", "typography")


def test_no_config_gives_defaults(tmp_path):
    if find_config(tmp_path) is not None:
        pytest.skip("a kazkit.toml above the temporary folder")
    assert load_config(start=tmp_path) == Config()


def test_every_key_is_read(tmp_path):
    (tmp_path / "words.txt").write_text("# names\nАбай\nkazkit\n", encoding="utf-8")
    (tmp_path / "kazkit.toml").write_text("""
min_severity = "warning"
[rules]
disable = ["KK_DOUBLE_SPACE"]
enable = ["KK_ELLIPSIS"]
[categories]
disable = ["style"]
[words]
accept = ["Құнанбайұлы"]
accept_file = "words.txt"
reject = ["әр түрлі"]
""", encoding="utf-8")
    config = load_config(tmp_path / "kazkit.toml")
    assert config.min_severity == "warning" and config.enable_rules == {"KK_ELLIPSIS"}
    assert config.accept == {"абай", "kazkit", "құнанбайұлы"}
    assert config.reject == ("әр түрлі",)
    assert not config.rule_on("KK_WORD_PROXIMITY", "style")
    assert not config.severity_on("hint") and config.severity_on("error")


@pytest.mark.parametrize(("body", "expected"), [
    ("[rules\n", "not valid TOML"),
    ('[rules]\ndisable = "KK_ELLIPSIS"\n', "must be a list"),
    ('min_severity = "fatal"\n', "min_severity"),
    ('[categories]\ndisable = ["spelling", "colour"]\n', "colour"),
    ('[rulez]\n', "unknown key 'rulez'"),
    ('[rules]\nextra_rules = ["nothing/*.yaml"]\n', "matches no file"),
])
def test_config_errors_name_the_file(tmp_path, body, expected):
    path = tmp_path / "kazkit.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(UsageError) as error:
        load_config(path)
    assert expected in str(error.value) and str(path) in str(error.value)


def test_missing_explicit_config_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="not found"):
        load_config(tmp_path / "none.toml")


def test_model_name_is_read_from_the_model_table(tmp_path):
    (tmp_path / "models" / "kazllm").mkdir(parents=True)
    (tmp_path / "kazkit.toml").write_text('[model]\nname = "models/kazllm"\n', encoding="utf-8")
    assert load_config(start=tmp_path).model_name == str((tmp_path / "models" / "kazllm").resolve())
    (tmp_path / "kazkit.toml").write_text('[model]\nname = "issai/LLama-3.1-KazLLM-1.0-8B"\n', encoding="utf-8")
    assert load_config(start=tmp_path).model_name == "issai/LLama-3.1-KazLLM-1.0-8B"
    assert Config().model_name is None


@pytest.mark.parametrize("body", ['[model]\nname = 3\n', '[model]\npath = "x"\n'])
def test_bad_model_table_is_a_usage_error(tmp_path, body):
    (tmp_path / "kazkit.toml").write_text(body, encoding="utf-8")
    with pytest.raises(UsageError, match=r"kazkit\.toml"):
        load_config(start=tmp_path)
