import pytest

from mdap.settings import SettingsError, load_settings


def test_defaults_are_the_local_profile_in_seoul(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MDAP_PROFILE", raising=False)
    monkeypatch.delenv("MDAP_REGION", raising=False)
    settings = load_settings()
    assert settings.profile == "local"
    assert settings.region == "ap-northeast-2"


@pytest.mark.parametrize("field,value,name", [
    ("profile", "cloud", "MDAP_PROFILE"),
    ("region", "seoul", "MDAP_REGION"),
    ("raw_bucket", "Bad_Bucket", "MDAP_RAW_BUCKET"),
    ("token_minutes", 0, "MDAP_TOKEN_MINUTES"),
])
def test_a_bad_value_names_the_setting_in_one_line(field: str, value: object, name: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(**{field: value})
    message = str(refused.value)
    assert message.startswith(f"invalid setting {name}:")
    assert "\n" not in message


def test_environment_is_read_with_the_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDAP_TABLE_NAME", "mdap-prod")
    assert load_settings().table_name == "mdap-prod"
