from tests.cases.conftest import file_case  # noqa: F401
