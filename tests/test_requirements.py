"""`target-tensorflow` / `target-keras` inferred from the requirements a project declares
(hybridlint.requirements, applied by hybridlint.config.load_config). Settings only: no mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.requirements import Requirement

from hybridlint.config import load_config
import ast

from hybridlint.requirements import (
    declared_targets,
    lower_bound,
    read_for_targets,
    runs_on_older,
    tensorflow_version_checks,
)
from hybridlint.settings import Settings


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "requirement, floor",
    [
        ("tensorflow==2.6.0", (2, 6)),
        ("tensorflow>=2.4,<2.7", (2, 4)),
        ("tensorflow~=2.8.0", (2, 8)),
        ("tensorflow~=2.8", (2, 8)),
        ("tensorflow>2.9", (2, 9)),
        ("tensorflow==2.11.*", (2, 11)),
        ("tensorflow>=2", (2, 0)),
        ("tensorflow>=2.9.0rc0", (2, 9)),
        ("tensorflow>=2.4,>=2.6", (2, 6)),  # both hold: the higher floor
        ("tensorflow>=1.15,!=2.0.*", (1, 15)),
        ("tensorflow<2.16", None),  # an upper bound alone
        ("tensorflow!=2.5.0", None),
        ("tensorflow", None),
        ("tensorflow[and-cuda]>=2.15; sys_platform == 'linux'", (2, 15)),
    ],
)
def test_the_target_is_the_oldest_release_the_specifiers_allow(requirement, floor):
    assert lower_bound(Requirement(requirement)) == floor


def test_requirements_txt(tmp_path):
    write(
        tmp_path / "requirements.txt",
        "# pinned for the GPU image\n-r base.txt\n--index-url https://example.org/simple\n"
        "-e .\nnumpy>=1.20\ntensorflow-gpu==2.6.0  # CUDA 11.2\n",
    )
    declared = declared_targets(tmp_path)
    assert declared.tensorflow == (2, 6) and declared.keras is None
    assert declared.tensorflow_from == "requirements.txt: tensorflow-gpu==2.6.0"


def test_pip_compile_output_with_hashes(tmp_path):
    write(
        tmp_path / "requirements.lock.txt",
        "tensorflow-cpu==2.7.4 \\\n    --hash=sha256:0123abcd \\\n    --hash=sha256:4567ef00\n"
        "    # via -r requirements.in\nkeras==2.7.0 --hash=sha256:89ab\n",
    )
    declared = declared_targets(tmp_path)
    assert declared.tensorflow == (2, 7) and declared.keras == (2, 7)
    assert declared.tensorflow_from == "requirements.lock.txt: tensorflow-cpu==2.7.4"


def test_requirements_star_txt_files_at_the_root_are_read(tmp_path):
    write(tmp_path / "requirements-gpu.txt", "tf-nightly-gpu>=2.10.0.dev2022\n")
    write(tmp_path / "sub" / "requirements.txt", "tensorflow==2.3\n")  # not at the root
    assert declared_targets(tmp_path).tensorflow == (2, 10)


def test_pyproject_dependencies_and_optional_dependencies(tmp_path):
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "p"\ndependencies = ["numpy", "keras>=3.1"]\n'
        '[project.optional-dependencies]\ngpu = ["tensorflow[and-cuda]>=2.16"]\n'
        'mac = ["tensorflow-macos>=2.16.1; sys_platform == \'darwin\'"]\n',
    )
    declared = declared_targets(tmp_path)
    assert declared.tensorflow == (2, 16) and declared.keras == (3, 1)


def test_setup_cfg_install_requires(tmp_path):
    write(
        tmp_path / "setup.cfg",
        "[metadata]\nname = p\n[options]\ninstall_requires =\n    numpy\n    tensorflow-cpu>=2.5,<2.8  # CPU only\n"
        "[options.extras_require]\nkeras = keras~=2.6.0\n",
    )
    declared = declared_targets(tmp_path)
    assert declared.tensorflow == (2, 5) and declared.keras == (2, 6)


def test_setup_py_literal_list_and_module_level_name(tmp_path):
    write(
        tmp_path / "setup.py",
        "from setuptools import setup\n\n"
        "REQUIRED = ['numpy', 'tensorflow-gpu==2.6.0']\n\n"
        "setup(name='p', install_requires=REQUIRED, extras_require={'k': ['keras>=2.6']})\n",
    )
    declared = declared_targets(tmp_path)
    assert declared.tensorflow == (2, 6) and declared.keras == (2, 6)
    write(tmp_path / "setup.py", "import setuptools\nsetuptools.setup(install_requires=('tensorflow>=2.4',))\n")
    assert declared_targets(tmp_path).tensorflow == (2, 4)


def test_setup_py_table_of_requirement_lists(tmp_path):
    """`install_requires = requirements["install"]` of a literal dict, as TensorFlowTTS's setup.py has it."""
    write(
        tmp_path / "setup.py",
        "from setuptools import setup\n\n"
        "requirements = {'install': ['tensorflow-gpu==2.6.0', 'librosa>=0.7.0'], 'test': ['pytest']}\n"
        "install_requires = requirements['install']\n"
        "extras_require = {k: v for k, v in requirements.items() if k != 'install'}\n"
        "setup(install_requires=install_requires, extras_require=extras_require)\n",
    )
    assert declared_targets(tmp_path).tensorflow == (2, 6)


def test_setup_py_concatenated_literal_lists(tmp_path):
    write(
        tmp_path / "setup.py",
        "from setuptools import setup\ntensorflow = ['keras==2.8.0', 'tensorflow==2.8.0']\n"
        "core = ['numpy']\nsetup(install_requires=core, extras_require={'tf': ['dm-sonnet'] + tensorflow})\n",
    )
    declared = declared_targets(tmp_path)
    assert declared.tensorflow == (2, 8) and declared.keras == (2, 8)


@pytest.mark.parametrize(
    "text",
    [
        "from setuptools import setup\nREQ = {'install': ['tensorflow>=2.9']}\nREQ['install'] = ['tensorflow>=2.4']\n"
        "setup(install_requires=REQ['install'])\n",
        "from setuptools import setup\nsetup(install_requires=open('requirements.txt').read().splitlines())\n",
        "from setuptools import setup\nREQ = ['tensorflow>=2.9']\nREQ.append('tensorflow-gpu>=2.4')\nsetup(install_requires=REQ)\n",
        "from setuptools import setup\nREQ = ['tensorflow>=2.9']\nif True:\n    REQ = ['tensorflow>=2.4']\nsetup(install_requires=REQ)\n",
        "from setuptools import setup\nsetup(install_requires=['tensorflow>=2.9'\n",  # a syntax error
        "from setuptools import setup\nsetup(**{'install_requires': ['tensorflow>=2.9']})\n",
    ],
)
def test_setup_py_that_is_not_a_literal_declares_nothing(tmp_path, text):
    write(tmp_path / "setup.py", text)
    assert declared_targets(tmp_path).tensorflow is None


def test_malformed_files_never_stop_the_inference(tmp_path):
    write(tmp_path / "pyproject.toml", "[project\ndependencies = ['tensorflow==2.6']\n")  # bad TOML
    write(tmp_path / "setup.cfg", "install_requires = tensorflow==2.6\n")  # no section header
    write(tmp_path / "setup.py", "def (:\n")
    write(tmp_path / "requirements.txt", "tensorflow=>2.6\ntensorflow-gpu (2.6)\n\x00\n")  # bad lines
    declared = declared_targets(tmp_path)
    assert (declared.tensorflow, declared.keras) == (None, None)
    write(tmp_path / "requirements-dev.txt", "tensorflow>=2.7\n")
    assert declared_targets(tmp_path).tensorflow == (2, 7)  # the good file still counts
    (tmp_path / "requirements.txt").write_bytes(b"tensorflow==2.1 \xff\xfe\n")  # not UTF-8: unreadable
    assert declared_targets(tmp_path).tensorflow == (2, 7)


def test_the_oldest_floor_of_several_declarations_wins(tmp_path):
    write(tmp_path / "setup.py", "from setuptools import setup\nsetup(install_requires=['tensorflow>=2.4'])\n")
    write(tmp_path / "requirements.txt", "tensorflow==2.6.0\ntensorflow\n")  # a dev pin, and no bound at all
    declared = declared_targets(tmp_path)
    assert declared.tensorflow == (2, 4) and declared.tensorflow_from == "setup.py: tensorflow>=2.4"


def test_tf_keras_is_keras_2_unless_keras_is_declared(tmp_path):
    write(tmp_path / "requirements.txt", "tensorflow>=2.16\ntf-keras>=2.16\n")
    declared = declared_targets(tmp_path)
    assert declared.keras == (2, 16) and declared.tensorflow == (2, 16)
    write(tmp_path / "requirements.txt", "tensorflow>=2.16\ntf_keras\nkeras>=3.0\n")
    assert declared_targets(tmp_path).keras == (3, 0)
    write(tmp_path / "requirements.txt", "tf-keras\nkeras\n")  # keras without a bound: not known
    assert declared_targets(tmp_path).keras is None


def test_tensorflow_addons_means_keras_2(tmp_path):
    # every tensorflow-addons release is built on Keras 2's tf.keras (the last, 0.23, is for TF 2.13-2.15)
    write(tmp_path / "requirements.txt", "tensorflow\ntensorflow-addons>=0.10\n")
    declared = declared_targets(tmp_path)
    assert declared.keras == (2, 2) and declared.keras_from == "requirements.txt: tensorflow-addons>=0.10"
    write(tmp_path / "requirements.txt", "tensorflow-addons\n")
    assert declared_targets(tmp_path).keras == (2, 0)
    write(tmp_path / "requirements.txt", "tensorflow-addons\nkeras>=3.0\n")  # a Keras requirement says more
    assert declared_targets(tmp_path).keras == (3, 0)


def test_the_keras_package_itself_targets_its_own_version(tmp_path):
    # keras-mxnet 2.2.4.3 ships the `keras` package (multi-backend Keras) and requires no `keras`
    write(tmp_path / "requirements.txt", "numpy>=1.9.1\nkeras-applications>=1.0.6\n")
    write(tmp_path / "keras" / "__init__.py", "from . import backend\n\n__version__ = '2.2.4.3'\n")
    declared = declared_targets(tmp_path)
    assert declared.keras == (2, 2) and declared.keras_from == "keras/__init__.py:3: __version__ = '2.2.4.3'"
    assert Settings(target_keras=declared.keras, target_keras_from=declared.keras_from).multi_backend_keras().startswith(
        "this project targets Keras 2.2 (`target-keras` 2.2, inferred from keras/__init__.py:3"
    )
    write(tmp_path / "keras" / "__init__.py", "from keras.src.version import __version__\n")  # not a literal
    assert declared_targets(tmp_path).keras is None
    write(tmp_path / "keras" / "__init__.py", "__version__ = '2.2.4'\n")
    (tmp_path / "keras").rename(tmp_path / "keras_contrib")  # another package of that version says nothing
    assert declared_targets(tmp_path).keras is None


def test_other_distributions_are_not_tensorflow(tmp_path):
    write(tmp_path / "requirements.txt", "tensorflow-datasets>=4.0\nkeras-tuner>=1.1\ntensorflow-hub>=0.12\n")
    declared = declared_targets(tmp_path)
    assert (declared.tensorflow, declared.keras) == (None, None)
    # Companions are not TensorFlow either; the oldest TensorFlow they need only bounds it (and
    # tensorflow-addons runs on Keras 2 only)
    write(tmp_path / "requirements.txt", "tensorflow-addons>=0.17\ntensorflow-probability==0.14\nkeras-tuner>=1.1\n")
    declared = declared_targets(tmp_path)
    assert (declared.tensorflow, declared.keras) == ((2, 6), (2, 7))


def test_a_changed_file_is_read_again(tmp_path):
    requirements = write(tmp_path / "requirements.txt", "tensorflow==2.6.0\n")
    assert declared_targets(tmp_path).tensorflow == (2, 6)
    requirements.write_text("tensorflow==2.10.1\n", encoding="utf-8")  # another size: another key
    assert declared_targets(tmp_path).tensorflow == (2, 10)


def test_load_config_infers_targets_and_an_explicit_setting_wins(tmp_path):
    write(tmp_path / "requirements.txt", "tensorflow-gpu==2.6.0\nkeras==2.6.0\n")
    settings = load_config(None, tmp_path).settings
    assert settings.target_tensorflow == (2, 6) and settings.target_keras == (2, 6)
    assert not settings.supports_tensorflow(2, 9) and settings.supports_tensorflow(2, 5)
    assert settings.describe_target("tensorflow") == (
        "`target-tensorflow` 2.6, inferred from requirements.txt: tensorflow-gpu==2.6.0"
    )
    pyproject = write(tmp_path / "pyproject.toml", '[tool.hybridlint]\ntarget-tensorflow = "2.12"\n')
    settings = load_config(pyproject).settings
    assert settings.target_tensorflow == (2, 12) and settings.target_tensorflow_from is None
    assert settings.target_keras == (2, 6)  # still inferred: not set
    assert settings.describe_target("tensorflow") == "`target-tensorflow` is 2.12"


def test_the_configuration_folder_is_where_requirements_are_read(tmp_path):
    write(tmp_path / "requirements.txt", "tensorflow==2.6.0\n")
    pyproject = write(tmp_path / "pkg" / "pyproject.toml", "[tool.hybridlint]\npreview = true\n")
    assert load_config(pyproject).settings.target_tensorflow is None  # the requirements are not next to it
    write(tmp_path / "pkg" / "setup.py", "from setuptools import setup\nsetup(install_requires=['tensorflow>=2.8'])\n")
    assert load_config(pyproject).settings.target_tensorflow == (2, 8)


def test_editor_settings_layered_over_the_inference_win(tmp_path):
    from hybridlint.settings import settings_from_mapping

    write(tmp_path / "requirements.txt", "tensorflow==2.6.0\n")
    inferred = load_config(None, tmp_path).settings
    layered = settings_from_mapping({"target-tensorflow": "2.15"}, base=inferred)
    assert layered.target_tensorflow == (2, 15) and layered.target_tensorflow_from is None


def test_without_a_configuration_the_project_around_the_checked_path_declares(tmp_path):
    from hybridlint.config import resolve_config

    project = tmp_path / "project"
    write(project / "setup.py", "from setuptools import setup\nsetup(install_requires=['tensorflow-gpu==2.6.0'])\n")
    write(project / "pkg" / "model.py", "import tensorflow as tf\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write(elsewhere / "requirements.txt", "tensorflow==2.15\n")
    # Run from an unrelated folder that declares another TensorFlow: the checked project's own declaration counts.
    config = resolve_config([str(project / "pkg" / "model.py")], cwd=elsewhere)
    assert config.pyproject is None and config.settings.target_tensorflow == (2, 6)
    # The server asks with the document's path the same way.
    assert load_config(None, elsewhere, project / "pkg" / "model.py").settings.target_tensorflow == (2, 6)


def test_extras_as_a_checkout_declares_them_with_markers_and_parenthesised_specifiers(tmp_path):
    """transformers 3.5.1 declares TensorFlow only in its `tf` extra; a marker left on an extra's
    requirement, and the `name (>=2.0)` form of wheel metadata, read as any other requirement."""
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "p"\ndependencies = ["numpy", \'dataclasses; python_version < "3.7"\']\n'
        '[project.optional-dependencies]\ntf = ["tensorflow (>=2.0)", "onnxconverter-common"]\n'
        "\"tf-cpu\" = ['tensorflow-cpu (>=2.1); (python_version >= \"3.6\")']\n",
    )
    declared = declared_targets(tmp_path)
    assert declared.tensorflow == (2, 0) and declared.tensorflow_from == "pyproject.toml: tensorflow (>=2.0)"


# -- the floor a package checks when it is imported ----------------------------------------------

ENSURE_TF_INSTALL = '''"""A library that leaves `tensorflow` out of its requirements and checks it at import."""


def _ensure_tf_install():
    try:
        import tensorflow.compat.v1 as tf
    except ImportError:
        print("install TensorFlow")
        raise
    import distutils.version

    required_tensorflow_version = "2.3"
    if (distutils.version.LooseVersion(tf.__version__) <
            distutils.version.LooseVersion(required_tensorflow_version)):
        raise ImportError("This version requires TensorFlow >= {}".format(required_tensorflow_version))


_ensure_tf_install()

del _ensure_tf_install

from pkg.core import *
'''

CHECK_TF_VERSION = '''from distutils.version import LooseVersion
import warnings

import tensorflow as tf

MIN_TF_VERSION = "2.2.0"
MAX_TF_VERSION = "2.4.0"


def _check_tf_version():
    min_version = LooseVersion(MIN_TF_VERSION)
    max_version = LooseVersion(MAX_TF_VERSION)
    if min_version <= LooseVersion(tf.__version__) < max_version:
        return
    warnings.warn("TensorFlow {} is not supported".format(tf.__version__), UserWarning)
'''


def test_a_version_check_in_the_package_init_is_the_floor(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "pkg"\ndependencies = ["numpy"]\n')
    write(tmp_path / "pkg" / "__init__.py", ENSURE_TF_INSTALL)
    write(tmp_path / "pkg" / "core.py", "import tensorflow as tf\n")
    declared = declared_targets(tmp_path)
    assert declared.tensorflow == (2, 3)
    assert declared.tensorflow_from == 'pkg/__init__.py:12: required_tensorflow_version = "2.3"'
    settings = load_config(None, tmp_path).settings
    assert not settings.supports_tensorflow(2, 5)  # so `experimental_compile` is not renamed to `jit_compile`


def test_a_check_the_init_hands_to_a_lazy_loader_is_the_floor(tmp_path):
    """tensorflow-probability 0.12: the check runs when a lazily loaded subpackage is first used."""
    init = ENSURE_TF_INSTALL.replace("_ensure_tf_install()\n\ndel _ensure_tf_install\n", "").replace(
        "from pkg.core import *\n",
        "import functools\nfrom pkg import lazy_loader\n\n"
        "core = lazy_loader.LazyLoader('core', globals(), 'pkg.core',\n"
        "                              on_first_access=functools.partial(_ensure_tf_install, 'core'))\n",
    )
    write(tmp_path / "pyproject.toml", '[project]\nname = "pkg"\ndependencies = ["numpy"]\n')
    write(tmp_path / "pkg" / "__init__.py", init)
    write(tmp_path / "pkg" / "lazy_loader.py", "class LazyLoader:\n    pass\n")
    write(tmp_path / "pkg" / "core.py", "import tensorflow as tf\n")
    declared = declared_targets(tmp_path)
    assert declared.tensorflow == (2, 3)
    # a function only defined, never called nor handed on at import, checks nothing then
    write(tmp_path / "pkg" / "__init__.py", init.split("import functools")[0])
    assert declared_targets(tmp_path).tensorflow is None


def test_a_check_imported_by_the_init_and_called_there_is_the_floor(tmp_path):
    write(tmp_path / "setup.py", "from setuptools import setup\nsetup(install_requires=['numpy'])\n")
    write(
        tmp_path / "src" / "pkg" / "__init__.py",
        "from pkg.utils.ensure_tf_install import _check_tf_version as check\n\ncheck()\n\nfrom pkg import layers\n",
    )
    write(tmp_path / "src" / "pkg" / "utils" / "__init__.py", "")
    write(tmp_path / "src" / "pkg" / "utils" / "ensure_tf_install.py", CHECK_TF_VERSION)
    write(tmp_path / "src" / "pkg" / "layers.py", "import tensorflow as tf\nVERSION = '1.0'\n")
    declared = declared_targets(tmp_path)
    assert declared.tensorflow == (2, 2)
    assert declared.tensorflow_from == 'src/pkg/utils/ensure_tf_install.py:6: MIN_TF_VERSION = "2.2.0"'


def test_the_files_a_version_check_was_read_from_are_known_to_long_running_front_ends(tmp_path):
    """The language server re-resolves settings when one of these changes (tests/lsp/test_settings.py)."""
    write(tmp_path / "setup.py", "from setuptools import setup\nsetup(install_requires=['numpy'])\n")
    write(tmp_path / "src" / "pkg" / "__init__.py", "from pkg.utils.ensure_tf_install import _check_tf_version as check\n\ncheck()\n")
    write(tmp_path / "src" / "pkg" / "utils" / "__init__.py", "")
    write(tmp_path / "src" / "pkg" / "utils" / "ensure_tf_install.py", CHECK_TF_VERSION)
    write(tmp_path / "src" / "pkg" / "other.py", "import tensorflow as tf\n")
    assert declared_targets(tmp_path).tensorflow == (2, 2)
    assert read_for_targets(str(tmp_path / "src" / "pkg" / "utils" / "ensure_tf_install.py"))
    assert read_for_targets(str(tmp_path / "src" / "pkg" / "__init__.py"))
    assert read_for_targets(str(tmp_path / "newpkg" / "__init__.py"))  # a package that may hold a check
    assert not read_for_targets(str(tmp_path / "src" / "pkg" / "other.py"))
    assert not read_for_targets(str(tmp_path / "src" / "pkg" / "utils" / "__init__.py"))


@pytest.mark.parametrize(
    "check",
    [
        # tf-agents: the version through a local name, the literal through another
        "version = tf.version.VERSION\nrequired = '1.14'\n"
        "if LooseVersion(version) < LooseVersion(required):\n    raise ImportError('old')\n",
        "from packaging import version\nif version.parse(tf.__version__) < version.parse('1.14.0'):\n"
        "    raise Exception('needs TensorFlow 1.14')\n",
        "if not LooseVersion(tf.__version__) >= '1.14':\n    warnings.warn('old TensorFlow')\n",
        "if LooseVersion(tf.__version__) >= '1.14':\n    pass\nelse:\n    raise RuntimeError('old')\n",
        "assert LooseVersion(tf.__version__) >= LooseVersion('1.14'), 'old TensorFlow'\n",
        "if tf.__version__ < '1.14' or not hasattr(tf, 'function'):\n    sys.exit('old TensorFlow')\n",
        # the version made a number: `float(tf.__version__[:4]) < 1.14`
        "if float(tf.__version__[:4]) < 1.14:\n    raise ImportError('old TensorFlow')\n",
    ],
)
def test_the_forms_of_a_version_check(tmp_path, check):
    body = "".join(f"    {line}\n" for line in check.splitlines())
    write(
        tmp_path / "pkg" / "__init__.py",
        "import sys\nimport warnings\nfrom distutils.version import LooseVersion\n\n"
        f"def _check():\n    import tensorflow as tf\n{body}\n\n_check()\n",
    )
    assert declared_targets(tmp_path).tensorflow == (1, 14)


@pytest.mark.parametrize(
    "init",
    [
        # a feature gate: older TensorFlow is supported, another way
        "import tensorflow as tf\nif LooseVersion(tf.__version__) >= '2.5':\n    JIT = 'jit_compile'\n"
        "else:\n    JIT = 'experimental_compile'\n",
        # another library's version
        "import numpy as np\nif LooseVersion(np.__version__) < '1.20':\n    raise ImportError('old NumPy')\n",
        # a check nothing calls at import
        "import tensorflow as tf\ndef use_xla():\n    if LooseVersion(tf.__version__) < '2.5':\n"
        "        raise ValueError('XLA needs TensorFlow 2.5')\n",
        # one feature's requirement, not the package's
        "import tensorflow as tf\nUSE_XLA = False\nif LooseVersion(tf.__version__) < '2.5' and USE_XLA:\n"
        "    raise ValueError('XLA needs TensorFlow 2.5')\n",
        # a test skipped below a version
        "import unittest\nimport tensorflow as tf\nif LooseVersion(tf.__version__) < '2.5':\n"
        "    raise unittest.SkipTest('needs TensorFlow 2.5')\n",
        # `version` is not TensorFlow's
        "import tensorflow as tf\nfrom mylib import version\nif LooseVersion(version.VERSION) < '2.5':\n"
        "    raise ImportError('old')\n",
        # no comparison at all
        "import tensorflow as tf\nprint(tf.__version__)\n",
    ],
)
def test_no_floor_without_a_check_of_tensorflow_that_complains_at_import(tmp_path, init):
    write(tmp_path / "pkg" / "__init__.py", "from distutils.version import LooseVersion\n" + init)
    assert declared_targets(tmp_path).tensorflow is None


def test_a_declared_requirement_wins_over_a_check_in_the_code(tmp_path):
    """tf-agents 0.19 still checks for TensorFlow 2.2 at import, and declares `tensorflow~=2.15.0`."""
    write(tmp_path / "pkg" / "__init__.py", ENSURE_TF_INSTALL)
    write(tmp_path / "requirements.txt", "tensorflow~=2.15.0\n")
    assert declared_targets(tmp_path).tensorflow == (2, 15)


def test_a_changed_check_is_read_again(tmp_path):
    write(tmp_path / "pkg" / "__init__.py", "from pkg.utils.ensure_tf_install import _check_tf_version\n_check_tf_version()\n")
    check = write(tmp_path / "pkg" / "utils" / "ensure_tf_install.py", CHECK_TF_VERSION)
    assert declared_targets(tmp_path).tensorflow == (2, 2)
    check.write_text(CHECK_TF_VERSION.replace('"2.2.0"', '"2.10.0"'), encoding="utf-8")  # the init is unchanged
    assert declared_targets(tmp_path).tensorflow == (2, 10)


@pytest.mark.parametrize(
    "init",
    [b"def (:\n", b"import tensorflow as tf\nx = " + b"(" * 400 + b"1" + b")" * 400 + b"\n", b"\xff\xfe__version__\n"],
    ids=["syntax-error", "deep", "not-utf8"],
)
def test_a_package_init_that_cannot_be_read_declares_nothing(tmp_path, init):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_bytes(init)
    write(tmp_path / "requirements.txt", "numpy\n")
    assert declared_targets(tmp_path).tensorflow is None


@pytest.mark.parametrize(
    "requirement, floor",
    [
        ("tensorflow-addons>=0.10.0", (2, 2)),  # TensorFlowASR 0.6's only clue to its TensorFlow
        ("tensorflow-probability~=0.11.1", (2, 3)),
        ("tensorflow-text>=2.6,<2.7", (2, 6)),
        ("tf-keras>=2.15", (2, 15)),
    ],
)
def test_a_companion_released_with_tensorflow_bounds_it_when_nothing_else_does(tmp_path, requirement, floor):
    write(tmp_path / "pyproject.toml", f'[project]\nname = "app"\ndependencies = ["{requirement}", "numpy"]\n')
    declared = declared_targets(tmp_path)
    assert declared.tensorflow == floor
    assert declared.tensorflow_from == f"pyproject.toml: {requirement}"
    settings = load_config(None, tmp_path).settings
    assert not settings.supports_tensorflow(floor[0], floor[1] + 1)


@pytest.mark.parametrize("requirement", ["tensorflow-addons", "tensorflow-addons>=0.99", "tensorflow-datasets>=4"])
def test_a_companion_without_a_known_floor_bounds_nothing(tmp_path, requirement):
    write(tmp_path / "pyproject.toml", f'[project]\nname = "app"\ndependencies = ["{requirement}"]\n')
    assert declared_targets(tmp_path).tensorflow is None


def test_a_declared_tensorflow_and_a_version_check_win_over_a_companion(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "app"\ndependencies = ["tensorflow>=2.12", "tensorflow-addons>=0.10"]\n')
    assert declared_targets(tmp_path).tensorflow == (2, 12)
    other = tmp_path / "other"
    write(other / "pyproject.toml", '[project]\nname = "pkg"\ndependencies = ["tensorflow-addons>=0.10"]\n')
    write(other / "pkg" / "__init__.py", ENSURE_TF_INSTALL)
    assert declared_targets(other).tensorflow == (2, 3)


# -- a module's own version checks (HYB025 asks them when the project declares no minimum) ----------------


def _older_than(text: str, release=(2, 3)):
    found = runs_on_older(tensorflow_version_checks(ast.parse(text)), release)
    return None if found is None else (found.version, found.line, found.floor)


@pytest.mark.parametrize(
    "text,expected",
    [
        # mead-layers' shape: the project's own helper gives the version as a number, in a function
        (
            "import tensorflow as tf\nfrom .utils import get_version\n\ndef patch(strategy):\n"
            "    TF_VERSION = get_version(tf)\n    if TF_VERSION < 2.2:\n"
            "        strategy.run = strategy.experimental_run_v2\n",
            ((2, 2), 6, False),
        ),
        # a feature gate with an else: the else runs on TensorFlow older than 2.3
        (
            "import tensorflow as tf\nfrom packaging import version\n"
            "if version.parse(tf.__version__) >= version.parse('2.3'):\n    A = 1\nelse:\n    A = 2\n",
            ((2, 3), 3, False),
        ),
        # a branch for TensorFlow 1, the major version an int (mead-layers 2.2.3)
        (
            "import tensorflow as tf\nfrom .utils import get_version\n\nif get_version(tf) < 2:\n"
            "    from tensorflow.contrib.crf import crf_decode\n",
            ((2, 0), 4, False),
        ),
        # a conditional expression
        ("import tensorflow as tf\nK = 'a' if tf.__version__ < '2.1' else 'b'\n", ((2, 1), 2, False)),
        # a minimum below 2.3 in the module: it runs on 2.2
        ("import tensorflow as tf\nif tf.__version__ < '2.2':\n    raise ImportError('old')\n", ((2, 2), 2, True)),
    ],
)
def test_a_module_that_keeps_a_branch_for_older_tensorflow_runs_on_it(text, expected):
    assert _older_than(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a branch for TensorFlow older than 2.11 may still need 2.3 or later
        "import tensorflow as tf\nif float(tf.__version__[:4]) >= 2.11:\n    OPT = 1\nelse:\n    OPT = 2\n",
        # a minimum of 2.3 itself: nothing older runs the module
        "import tensorflow as tf\nif tf.__version__ < '2.3':\n    raise ImportError('needs 2.3')\n",
        # another library's version
        "import numpy as np\nif np.__version__ < '1.2':\n    X = 1\n",
        # a helper given something else than TensorFlow
        "import tensorflow as tf\nimport numpy as np\nfrom u import get_version\nif get_version(np) < 1.2:\n    X = 1\n",
        "import tensorflow as tf\nprint(tf.__version__)\n",
    ],
)
def test_no_older_tensorflow_without_such_a_branch(text):
    assert _older_than(text) is None


def test_requires_tensorflow_needs_a_known_minimum():
    assert not Settings().requires_tensorflow(2, 9) and Settings().supports_tensorflow(2, 9)
    assert Settings(target_tensorflow=(2, 9)).requires_tensorflow(2, 9)
    assert not Settings(target_tensorflow=(2, 8)).requires_tensorflow(2, 9)


@pytest.mark.parametrize(
    "target, source, shown",
    [
        ((2, 2), "pyproject.toml: keras (==2.2.4)", "this project targets Keras 2.2 (`target-keras` 2.2, inferred from pyproject.toml: keras (==2.2.4))"),
        ((2, 3), None, "this project targets Keras 2.3 (`target-keras` is 2.3)"),
        ((2, 4), "requirements.txt: keras==2.4.3", ""),
        ((2, 2), "pyproject.toml: tensorflow-addons (>=0.10.0)", ""),  # tf.keras's Keras, not the `keras` package
        ((2, 0), "pyproject.toml: tf-keras", ""),
        (None, None, ""),
    ],
)
def test_multi_backend_keras_is_a_keras_target_below_2_4_from_the_keras_package(target, source, shown):
    from hybridlint.settings import Settings

    assert Settings(target_keras=target, target_keras_from=source).multi_backend_keras() == shown
