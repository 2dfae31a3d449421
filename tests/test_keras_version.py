"""Which Keras a module means decides what HYB011 says about dropout and noise layers."""

from __future__ import annotations

import pytest

from hybridlint.engine import check_source
from hybridlint.registry import all_rules
from hybridlint.settings import Settings, SettingsError, settings_from_mapping

HYB011 = next(rule for rule in all_rules() if rule.code == "HYB011")

DROPOUT = (
    "{imports}\n\n"
    "@tf.function\n"
    "def augment(x):\n"
    "    return {layer}(0.5)(x, training=True)\n"
)


def findings(code: str, settings: Settings):
    # HYB011 is a preview rule: its findings need preview mode; `expected` says what the rule then
    # decides from the Keras version (a sure "raises" reported by default once the rule is stable).
    settings = Settings(**{**settings.__dict__, "preview": True})
    return check_source(code, "example.py", settings, rules=[HYB011]).findings


@pytest.mark.parametrize(
    "imports,layer,settings,expected",
    [
        # tf.keras: Keras 3 from TF 2.16, Keras 2 before; unknown without a setting (both outcomes said)
        ("import tensorflow as tf", "tf.keras.layers.Dropout", Settings(target_tensorflow=(2, 16)), "raises"),
        ("import tensorflow as tf", "tf.keras.layers.Dropout", Settings(target_tensorflow=(2, 15)), None),
        ("import tensorflow as tf", "tf.keras.layers.Dropout", Settings(target_keras=(3, 0)), "raises"),
        ("import tensorflow as tf", "tf.keras.layers.Dropout", Settings(target_keras=(2, 15)), None),
        ("import tensorflow as tf", "tf.keras.layers.Dropout", Settings(preview=True), "With Keras 3"),
        # tf_keras is Keras 2 whatever the settings say about keras 3
        ("import tensorflow as tf\nimport tf_keras", "tf_keras.layers.Dropout", Settings(target_keras=(3, 0)), None),
        ("import tensorflow as tf\nimport tf_keras", "tf_keras.layers.Dropout", Settings(preview=True), None),
        # standalone keras: by target-keras
        ("import tensorflow as tf\nimport keras", "keras.layers.GaussianNoise", Settings(target_keras=(3, 1)), "raises"),
        ("import tensorflow as tf\nimport keras", "keras.layers.GaussianNoise", Settings(target_keras=(2, 13)), None),
    ],
)
def test_dropout_by_keras_version(imports, layer, settings, expected):
    found = findings(DROPOUT.format(imports=imports, layer=layer), settings)
    if expected is None:
        assert found == []
        return
    assert len(found) == 1
    assert expected in found[0].message
    if expected == "raises":
        # a definite claim never comes with the Keras 2 caveat that contradicts it
        assert "Keras 2" not in found[0].message and "harmless" not in found[0].message


def test_target_keras_is_validated():
    assert settings_from_mapping({"target-keras": "3"}).target_keras == (3, 0)
    assert settings_from_mapping({"target_keras": "2.15.1"}).target_keras == (2, 15)
    for bad in ("4", 3, "three", ""):
        with pytest.raises(SettingsError, match="target-keras"):
            settings_from_mapping({"target-keras": bad})
