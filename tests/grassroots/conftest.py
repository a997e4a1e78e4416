from tests.assign.conftest import branch_a1, branch_b1  # noqa: F401
