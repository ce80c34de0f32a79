# Type stub of the extension module milvus_jobs._native (bindings/python/native/native.c).
from typing import Any, List, Optional, Sequence, Tuple, Union

def setup(addresses: Sequence[Optional[int]], classes: Tuple[Any, ...]) -> None: ...
def get_import_progress(
    client: int,
    job_id: bytes,
    timeout_ms: int,
    db_name: Optional[bytes],
    max_attempts: int,
    cancel: Optional[int],
    interruptible: bool,
) -> Union[Any, Tuple[int, int]]: ...
def get_refresh_progress(
    client: int,
    job_id: int,
    timeout_ms: int,
    db_name: Optional[bytes],
    max_attempts: int,
    cancel: Optional[int],
    interruptible: bool,
) -> Union[Any, Tuple[int, int]]: ...
def import_job(address: int) -> Any: ...
def refresh_job(address: int) -> Any: ...
def import_jobs(address: int) -> List[Any]: ...
def refresh_jobs(address: int) -> List[Any]: ...
