"""The public surface: ``__all__`` lists are sorted and complete, every public name has a docstring."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types

import pytest

import archivepub


def _order(name: str) -> tuple[int, str]:
    """Ruff's ``RUF022`` order: CONSTANTS, then Classes, then everything else, each alphabetical."""
    if name.isupper():
        return (0, name)
    if name[0].isupper():
        return (1, name)
    return (2, name)


def _public_modules() -> list[str]:
    names = ["archivepub"]
    for info in pkgutil.walk_packages(archivepub.__path__, "archivepub."):
        parts = info.name.split(".")
        if any(part.startswith("_") for part in parts[1:]):
            continue  # private modules and __main__ (which runs the command line on import)
        names.append(info.name)
    return sorted(names)


PUBLIC_MODULES = _public_modules()


def test_package_all_is_sorted_and_unique() -> None:
    assert archivepub.__all__ == sorted(archivepub.__all__, key=_order)
    assert len(set(archivepub.__all__)) == len(archivepub.__all__)


def test_package_all_is_complete() -> None:
    public = {
        name
        for name, value in vars(archivepub).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public <= set(archivepub.__all__), (
        f"public but not exported: {sorted(public - set(archivepub.__all__))}"
    )
    for name in archivepub.__all__:
        assert hasattr(archivepub, name), f"archivepub.__all__ names {name!r}, which does not exist"


def test_package_exposes_the_documented_entry_points() -> None:
    assert callable(archivepub.read)
    assert callable(archivepub.detect_format)
    assert set(archivepub.READERS) >= {"html", "text", "json"}
    assert issubclass(archivepub.ReadError, archivepub.ArchivepubError)
    assert isinstance(archivepub.__version__, str)
    assert archivepub.__version__.count(".") >= 1


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_public_module_is_documented_and_exports_sorted(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert (module.__doc__ or "").strip(), f"{module_name} has no module docstring"
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{module_name} has no __all__"
    assert list(exported) == sorted(exported, key=_order), f"{module_name}.__all__ is not sorted"
    for name in exported:
        assert hasattr(module, name), f"{module_name}.__all__ names {name!r}, which does not exist"


def _undocumented(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    missing = []
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue  # constants and registries are described in the module docstring
        if not (obj.__doc__ or "").strip():
            missing.append(f"{module_name}.{name}")
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                func = member.__func__ if isinstance(member, classmethod | staticmethod) else member
                if isinstance(func, property):
                    func = func.fget
                if inspect.isfunction(func) and not (func.__doc__ or "").strip():
                    missing.append(f"{module_name}.{name}.{attr}")
    return missing


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_public_name_has_a_docstring(module_name: str) -> None:
    assert _undocumented(module_name) == []


def test_exported_errors_form_one_hierarchy() -> None:
    errors = [getattr(archivepub, n) for n in archivepub.__all__ if n.endswith("Error")]
    assert len(errors) >= 5
    for error in errors:
        assert issubclass(error, archivepub.ArchivepubError)
