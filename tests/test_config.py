from pathlib import Path

import pytest

from copydesk.config import Config


def test_defaults_are_valid_and_serialisable() -> None:
    config = Config()
    assert config.dedup.bands * config.dedup.rows <= config.dedup.num_perm
    assert Config.from_dict(config.to_dict()) == config


def test_toml_overrides_only_what_it_names(tmp_path: Path) -> None:
    path = tmp_path / "copydesk.toml"
    path.write_text('[dedup]\njaccard_threshold = 0.7\nrepresentative = ["longest", "id"]\n')
    config = Config.from_toml(path)
    assert config.dedup.jaccard_threshold == 0.7
    assert config.dedup.representative == ("longest", "id")
    assert config.clean == Config().clean


def test_typos_are_errors_not_silence() -> None:
    with pytest.raises(ValueError, match="jacard_threshold"):
        Config.from_dict({"dedup": {"jacard_threshold": 0.7}})
    with pytest.raises(ValueError, match="unknown config section"):
        Config.from_dict({"dedupe": {}})


def test_inconsistent_values_are_refused() -> None:
    with pytest.raises(ValueError, match="exceeds"):
        Config.from_dict({"dedup": {"bands": 64, "rows": 4}})
    with pytest.raises(ValueError, match="representative"):
        Config.from_dict({"dedup": {"representative": ["newest"]}})
    with pytest.raises(ValueError, match="format"):
        Config.from_dict({"output": {"format": "csv"}})
    with pytest.raises(ValueError, match="model_min_fragment_run"):
        Config.from_dict({"clean": {"model_min_fragment_run": -1}})
    # each a silent wrong run before: 0 made every line of every article a site template
    for section, key, value in (
        ("clean", "template_min_docs", 0),
        ("clean", "template_min_fraction", 5.0),
        ("clean", "repeat_min_chars", -3),
        ("dedup", "max_bucket", 0),
        ("dedup", "shingle_words", 0),
    ):
        with pytest.raises(ValueError, match=f"{section}.{key}"):
            Config.from_dict({section: {key: value}})


def test_replace_checks_its_keys_and_values_as_a_config_file_does() -> None:
    config = Config()
    for section, key, value in (
        ("clean", "model", "no"),  # a non-empty string is true: the model would stay on
        ("dedup", "source_priority", "siteB"),  # read letter by letter
        ("engine", "workers", "2"),
    ):
        with pytest.raises(ValueError, match=f"{section}.{key} must be"):
            config.replace(section, **{key: value})
    with pytest.raises(ValueError, match="unknown key"):
        config.replace("dedup", jacard_threshold=0.7)
    with pytest.raises(ValueError, match="unknown config section"):
        config.replace("dedupe", bands=4)
    changed = config.replace("dedup", source_priority=["siteB", "siteA"], jaccard_threshold=1)
    assert changed.dedup.source_priority == ("siteB", "siteA")  # a tuple: the config hashes
    assert changed.dedup.jaccard_threshold == 1.0
    assert hash(changed) != hash(config)


def test_a_config_file_error_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "copydesk.toml"
    broken.write_text("[clean\nmodel = true\n")  # TOML syntax
    with pytest.raises(ValueError, match=r"copydesk\.toml: .*line 1"):
        Config.from_toml(broken)
    broken.write_text('[clean]\nmodel = "no"\n')  # a value of the wrong type
    with pytest.raises(ValueError, match=r"copydesk\.toml: clean\.model must be true or false"):
        Config.from_toml(broken)
