"""Each pytest-xdist worker gets its own Redis database (tests/pg_env.py)."""

from tests.pg_env import redis_url_for_worker


def test_worker_zero_keeps_the_given_database() -> None:
    assert redis_url_for_worker("redis://127.0.0.1:6379/15", "gw0") == "redis://127.0.0.1:6379/15"


def test_each_further_worker_counts_down_from_the_given_database() -> None:
    assert redis_url_for_worker("redis://127.0.0.1:6379/15", "gw1") == "redis://127.0.0.1:6379/14"
    assert redis_url_for_worker("redis://h:6379/15", "gw3") == "redis://h:6379/12"


def test_counting_down_wraps_within_redis_sixteen_databases() -> None:
    assert redis_url_for_worker("redis://127.0.0.1:6379/1", "gw2") == "redis://127.0.0.1:6379/15"
    assert redis_url_for_worker("redis://127.0.0.1:6379", "gw1") == "redis://127.0.0.1:6379/15"
