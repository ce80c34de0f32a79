"""asyncio client: AsyncMilvusJobsClient.

Built on the public API of the blocking client:

- one-shot calls (refresh, progress, lists, import create / commit / abort)
  run in a bounded thread pool (``max_workers``), each with a private
  CancelToken that is triggered when the awaiting task is cancelled, so the
  native call returns promptly and the pool slot is freed;
- waits and change iterators share one native watcher per (event loop,
  database, interval), driven by one thread that hands events to the loop:
  a thousand concurrent waits cost one thread and the watcher's bounded
  connection pool, not a thousand threads;
- ``watcher()`` returns an AsyncWatcher: the native watcher, driven by its
  own thread, with ``await w.next()`` and ``async for ev in w``.

Nothing here blocks the event loop for I/O: the only native calls made on
the loop's thread are the watcher's add/remove/size, which only touch its
in-memory table.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import inspect
import logging
import threading
from typing import (
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Dict,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypeVar,
    Union,
)

from ._client import ClientStats, CancelToken, FileGroup, MilvusJobsClient, OptionValue, WatchEvent, Watcher
from ._errors import (
    DeadlineExceededError,
    Hint,
    InvalidArgumentError,
    NotFoundError,
    Status,
)
from ._types import (
    Deployment,
    ImportJob,
    ImportJobId,
    ImportJobList,
    ImportState,
    JobKind,
    RefreshJob,
    RefreshJobId,
    RefreshState,
    SnapshotJob,
    SnapshotState,
)

__all__ = ["AsyncMilvusJobsClient", "AsyncWatcher"]

_T = TypeVar("_T")
_J = TypeVar("_J", RefreshJob, ImportJob, SnapshotJob)

#: A progress callback of the async waits: a plain function or a coroutine function.
AsyncProgress = Callable[[_J], Union[None, Awaitable[None]]]

#: How long the thread driving a watcher waits in one mj_watcher_next call.
_SLICE = 0.05


def _invalid(message: str) -> InvalidArgumentError:
    return InvalidArgumentError(message, status=Status.INVALID_ARGUMENT, category="MJ_EINVALID_ARGUMENT")


def _seconds(value: Optional[float], name: str) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise _invalid(f"{name} must be a number of seconds > 0 (None means no limit), got {value!r}")
    return float(value)


class _Driver:
    """A native Watcher driven by one daemon thread.

    The thread calls Watcher.next() in short slices and hands each batch of
    events to ``deliver`` on the event loop (call_soon_threadsafe). Jobs are
    added and removed from the loop's thread (the watcher's table is
    thread-safe). The thread alone frees the watcher, after its last call.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, watcher: Watcher, deliver: Callable[[List[WatchEvent]], None]):
        self._loop = loop
        self.watcher = watcher
        self._deliver = deliver
        self._wake = threading.Event()
        self._stopping = False
        #: Set while the thread is inside next() or handing a batch over, so
        #: that "no job left and nothing on its way" can be told apart from
        #: "the last event is being delivered".
        self.busy = False
        self.pending = 0
        self._count_lock = threading.Lock()
        self.on_idle: Optional[Callable[[], None]] = None
        self.failure: Optional[BaseException] = None
        self._thread = threading.Thread(target=self._run, name="milvus_jobs watcher", daemon=True)
        self._thread.start()

    def __len__(self) -> int:
        return len(self.watcher)

    def wake(self) -> None:
        self._wake.set()

    def _post(self, fn: Callable[..., None], *args: Any) -> bool:
        try:
            self._loop.call_soon_threadsafe(fn, *args)
            return True
        except RuntimeError:  # the loop is closed: nobody is listening any more
            self._stopping = True
            return False

    def _handed(self, batch: List[WatchEvent]) -> None:
        with self._count_lock:
            self.pending -= len(batch)
        self._deliver(batch)

    def _run(self) -> None:
        idle_told = False
        try:
            while not self._stopping:
                self._wake.clear()
                if len(self.watcher) == 0:
                    if not idle_told and self.on_idle is not None:
                        idle_told = self._post(self.on_idle)
                    if not self._wake.wait(1.0) and self._loop.is_closed():
                        break  # its loop is gone: nobody can add a job any more
                    continue
                idle_told = False
                self.busy = True
                try:
                    ev = self.watcher.next(_SLICE)
                    batch: List[WatchEvent] = []
                    while ev is not None:
                        batch.append(ev)
                        if len(batch) >= 256:
                            break
                        ev = self.watcher.next(0)
                    if batch:
                        with self._count_lock:
                            self.pending += len(batch)
                        self._post(self._handed, batch)
                finally:
                    self.busy = False
        except BaseException as e:  # noqa: B902 - handed to the loop, never lost
            self.failure = e
            if self.on_idle is not None:
                self._post(self.on_idle)
        finally:
            self.watcher.close()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    def join(self, timeout: Optional[float] = None) -> None:
        self._thread.join(timeout)


class _Subscription:
    __slots__ = ("key", "queue")

    def __init__(self, key: Tuple[JobKind, Union[int, str]]) -> None:
        self.key = key
        self.queue: "asyncio.Queue[Union[WatchEvent, BaseException]]" = asyncio.Queue()


class _Hub:
    """Routes the events of one shared watcher to the waits subscribed to each job."""

    def __init__(self, loop: asyncio.AbstractEventLoop, watcher: Watcher) -> None:
        self._subs: Dict[Tuple[JobKind, Union[int, str]], List[_Subscription]] = {}
        # The latest event of each job, for a second waiter on a job the
        # watcher already follows (it reports changes only).
        self._last: Dict[Tuple[JobKind, Union[int, str]], WatchEvent] = {}
        self.driver = _Driver(loop, watcher, self._deliver)
        self.driver.on_idle = self._failed

    def _failed(self) -> None:
        """Called on the loop when the thread goes idle or stopped on an
        error: the waits then raise that error instead of hanging."""
        failure = self.driver.failure
        if failure is None:
            return
        subs, self._subs = self._subs, {}
        self._last.clear()
        for group in subs.values():
            for sub in group:
                sub.queue.put_nowait(failure)

    def _deliver(self, batch: List[WatchEvent]) -> None:
        for ev in batch:
            key = (ev.kind, ev.job_id)
            subs = self._subs.get(key)
            if ev.done:
                self._last.pop(key, None)
                self._subs.pop(key, None)
            elif subs:
                self._last[key] = ev
            for sub in subs or ():
                sub.queue.put_nowait(ev)

    def subscribe(self, kind: JobKind, job_id: Union[int, str]) -> _Subscription:
        if self.driver.failure is not None:
            raise self.driver.failure
        key = (kind, job_id)
        sub = _Subscription(key)
        subs = self._subs.setdefault(key, [])
        subs.append(sub)
        if len(subs) == 1:
            try:
                if kind == JobKind.REFRESH:
                    self.driver.watcher.add_refresh(job_id)  # type: ignore[arg-type]
                elif kind == JobKind.SNAPSHOT_RESTORE:
                    self.driver.watcher.add_restore_snapshot(job_id)  # type: ignore[arg-type]
                else:
                    self.driver.watcher.add_import(job_id)  # type: ignore[arg-type]
            except BaseException:
                del self._subs[key]
                raise
            self.driver.wake()
        elif key in self._last:
            sub.queue.put_nowait(self._last[key])
        return sub

    def unsubscribe(self, sub: _Subscription) -> None:
        subs = self._subs.get(sub.key)
        if not subs or sub not in subs:
            return  # the job already left the watcher
        subs.remove(sub)
        if subs:
            return
        del self._subs[sub.key]
        self._last.pop(sub.key, None)
        kind, job_id = sub.key
        try:
            if kind == JobKind.REFRESH:
                self.driver.watcher.remove_refresh(job_id)  # type: ignore[arg-type]
            elif kind == JobKind.SNAPSHOT_RESTORE:
                self.driver.watcher.remove_restore_snapshot(job_id)  # type: ignore[arg-type]
            else:
                self.driver.watcher.remove_import(job_id)  # type: ignore[arg-type]
        except (NotFoundError, InvalidArgumentError):
            pass  # it left by itself (its last event is on its way), or the watcher is closed

    def __len__(self) -> int:
        return len(self._subs)


def _finished(kind: JobKind, job: Union[RefreshJob, ImportJob, SnapshotJob]) -> bool:
    """True for the states a wait returns on (as the blocking waits)."""
    if kind == JobKind.REFRESH:
        return job.state == RefreshState.COMPLETED
    if kind == JobKind.SNAPSHOT_RESTORE:
        return job.state == SnapshotState.COMPLETED
    return job.state in (ImportState.COMPLETED, ImportState.UNCOMMITTED)


class AsyncWatcher:
    """An asyncio view of a native watcher: many jobs, one thread, one
    bounded pool of connections.

    ``add_refresh/add_import/remove_*`` and ``len(w)`` return at once.
    ``await w.next(timeout)`` returns the next WatchEvent, or None when no
    job is left (or `timeout` seconds pass first); ``async for ev in w``
    yields events until no job is left. Cancelling the task awaiting next()
    loses no event. Close it with ``await w.close()`` or ``async with``.
    """

    def __init__(
        self,
        client: MilvusJobsClient,
        *,
        max_connections: Optional[int] = None,
        interval: Optional[float] = None,
        poll_timeout: Optional[float] = None,
        cancel: Optional[CancelToken] = None,
        db_name: Optional[str] = None,
    ) -> None:
        loop = asyncio.get_running_loop()
        watcher = client.watcher(
            max_connections=max_connections, interval=interval, poll_timeout=poll_timeout, cancel=cancel, db_name=db_name
        )
        self._events: "asyncio.Queue[WatchEvent]" = asyncio.Queue()
        self._changed = asyncio.Event()
        self._driver = _Driver(loop, watcher, self._deliver)
        self._driver.on_idle = self._changed.set
        self._closed = False

    def _deliver(self, batch: List[WatchEvent]) -> None:
        for ev in batch:
            self._events.put_nowait(ev)
        self._changed.set()

    def _check(self) -> None:
        if self._closed:
            raise _invalid("the watcher is closed")

    def add_refresh(self, job_id: int) -> None:
        self._check()
        self._driver.watcher.add_refresh(job_id)
        self._driver.wake()

    def add_import(self, job_id: str) -> None:
        self._check()
        self._driver.watcher.add_import(job_id)
        self._driver.wake()

    def remove_refresh(self, job_id: int) -> None:
        """Stops watching a refresh job. NotFoundError when it is not watched."""
        self._check()
        self._driver.watcher.remove_refresh(job_id)

    def remove_import(self, job_id: str) -> None:
        self._check()
        self._driver.watcher.remove_import(job_id)

    def __len__(self) -> int:
        """Jobs still watched (an event already read off the watcher but not
        yet returned by next() is not counted)."""
        self._check()
        return len(self._driver)

    def _idle(self) -> bool:
        return len(self._driver) == 0 and not self._driver.busy and self._driver.pending == 0

    async def next(self, timeout: Optional[float] = None) -> Optional[WatchEvent]:
        """The next event; None when no job is left, or when `timeout`
        seconds pass first (None: no limit)."""
        self._check()
        limit = _seconds(timeout, "timeout")
        loop = asyncio.get_running_loop()
        end = None if limit is None else loop.time() + limit
        while True:
            if not self._events.empty():
                return self._events.get_nowait()
            if self._driver.failure is not None:
                raise self._driver.failure
            if self._idle():
                return None
            self._changed.clear()
            remaining = None if end is None else end - loop.time()
            if remaining is not None and remaining <= 0:
                return None
            try:
                # Bounded, so that a race between "no job left" and the
                # thread's idle notice costs at most a quarter second.
                await asyncio.wait_for(self._changed.wait(), 0.25 if remaining is None else min(remaining, 0.25))
            except asyncio.TimeoutError:
                pass

    def __aiter__(self) -> "AsyncWatcher":
        return self

    async def __anext__(self) -> WatchEvent:
        ev = await self.next()
        if ev is None:
            raise StopAsyncIteration
        return ev

    async def close(self) -> None:
        """Stops polling and frees the native watcher (in its thread)."""
        if self._closed:
            return
        self._closed = True
        self._driver.stop()
        await asyncio.get_running_loop().run_in_executor(None, self._driver.join)

    async def __aenter__(self) -> "AsyncWatcher":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


class AsyncMilvusJobsClient:
    """The asyncio client: every call of MilvusJobsClient as a coroutine.

    Takes the same arguments as MilvusJobsClient, plus:

    Args:
        max_workers: threads for the one-shot calls (default 8); calls
            beyond that queue without blocking the loop.
        watch_interval: the default time between two polls of a job in
            the waits (seconds, default 0.2; a wait's own initial_interval
            overrides it).
        watch_max_connections: polls in flight at once for the waits of one
            event loop (default 16).

    Cancelling the task awaiting a call cancels the native call (through a
    CancelToken) and returns once it has stopped, within milliseconds.
    One client may be shared by any number of tasks (and loops).
    Use ``async with``, or ``await client.close()``.
    """

    def __init__(
        self,
        uri: Optional[str] = None,
        token: Optional[str] = None,
        *,
        db_name: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        tls_insecure_skip_verify: bool = False,
        tls_ca_file: Optional[str] = None,
        tls_ca_path: Optional[str] = None,
        user_agent: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
        max_attempts: Optional[int] = None,
        retry_initial_backoff: Optional[float] = None,
        retry_max_backoff: Optional[float] = None,
        max_response_bytes: Optional[int] = None,
        max_list_response_bytes: Optional[int] = None,
        deployment: Optional[Deployment] = None,
        cluster_id: Optional[str] = None,
        project_id: Optional[str] = None,
        region_id: Optional[str] = None,
        project_endpoint: Optional[str] = None,
        tls_client_cert_file: Optional[str] = None,
        tls_client_key_file: Optional[str] = None,
        tls_client_key_password: Optional[str] = None,
        tls_server_name: Optional[str] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
        logger: Union[logging.Logger, str, None, bool] = None,
        reconcile_creates: bool = True,
        max_workers: int = 8,
        watch_interval: Optional[float] = None,
        watch_max_connections: Optional[int] = None,
    ) -> None:
        if isinstance(max_workers, bool) or not isinstance(max_workers, int) or max_workers < 1:
            raise _invalid(f"max_workers must be an int >= 1, got {max_workers!r}")
        self._watch_interval = _seconds(watch_interval, "watch_interval") or 0.2
        self._watch_max_connections = watch_max_connections
        self._client = MilvusJobsClient(
            uri,
            token,
            db_name=db_name,
            timeout=timeout,
            connect_timeout=connect_timeout,
            tls_insecure_skip_verify=tls_insecure_skip_verify,
            tls_ca_file=tls_ca_file,
            tls_ca_path=tls_ca_path,
            user_agent=user_agent,
            headers=headers,
            max_attempts=max_attempts,
            retry_initial_backoff=retry_initial_backoff,
            retry_max_backoff=retry_max_backoff,
            max_response_bytes=max_response_bytes,
            max_list_response_bytes=max_list_response_bytes,
            deployment=deployment,
            cluster_id=cluster_id,
            project_id=project_id,
            region_id=region_id,
            project_endpoint=project_endpoint,
            tls_client_cert_file=tls_client_cert_file,
            tls_client_key_file=tls_client_key_file,
            tls_client_key_password=tls_client_key_password,
            tls_server_name=tls_server_name,
            proxy=proxy,
            no_proxy=no_proxy,
            logger=logger,
            reconcile_creates=reconcile_creates,
        )
        self.deployment = self._client.deployment
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers, thread_name_prefix="milvus_jobs aio")
        self._hubs: Dict[Tuple[int, Optional[str], float], Tuple[asyncio.AbstractEventLoop, _Hub]] = {}
        self._closed = False

    def stats(self) -> ClientStats:
        """The client's counters (cheap, never blocks)."""
        return self._client.stats()

    @property
    def sync_client(self) -> MilvusJobsClient:
        """The blocking client underneath (same connections)."""
        return self._client

    # ------------------------------------------------------------ lifetime

    async def close(self) -> None:
        """Stops the waits' watchers and closes the client; calls in flight finish first."""
        if self._closed:
            return
        self._closed = True
        hubs = [hub for _, hub in self._hubs.values()]
        self._hubs.clear()
        for hub in hubs:
            hub.driver.stop()
        loop = asyncio.get_running_loop()
        for hub in hubs:
            await loop.run_in_executor(None, hub.driver.join)
        self._pool.shutdown(wait=False)
        self._client.close()

    async def __aenter__(self) -> "AsyncMilvusJobsClient":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise _invalid("the client is closed; create a new AsyncMilvusJobsClient")

    async def _call(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        """Runs fn(*args, cancel=<private token>, **kwargs) in the pool; a
        cancelled task cancels the token and waits (briefly) for the call
        to stop, so nothing outlives the task."""
        self._check_open()
        token = CancelToken()
        cfut = self._pool.submit(functools.partial(fn, *args, cancel=token, **kwargs))
        fut = asyncio.wrap_future(cfut)
        try:
            return await asyncio.shield(fut)
        except asyncio.CancelledError:
            if not cfut.cancel():  # already running: stop the native call
                token.cancel()
                while not fut.done():
                    try:
                        await asyncio.wait({fut})
                    except asyncio.CancelledError:
                        continue
                if not fut.cancelled():
                    fut.exception()  # retrieved: the task's cancellation is what propagates
            raise

    # ------------------------------------------------------------ refresh

    async def refresh_external_collection(
        self,
        collection_name: str,
        external_source: Optional[str] = None,
        external_spec: Union[str, Mapping[str, Any], None] = None,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> RefreshJobId:
        """Starts a refresh of an external collection; returns the job id (int64)."""
        return await self._call(
            self._client.refresh_external_collection,
            collection_name,
            external_source,
            external_spec,
            timeout=timeout,
            db_name=db_name,
            max_attempts=max_attempts, headers=headers,
        )

    async def get_refresh_external_collection_progress(
        self,
        job_id: int,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> RefreshJob:
        """Reads one refresh job. Raises NotFoundError for an unknown id."""
        return await self._call(
            self._client.get_refresh_external_collection_progress,
            job_id,
            timeout=timeout,
            db_name=db_name,
            max_attempts=max_attempts, headers=headers,
        )

    async def list_refresh_external_collection_jobs(
        self,
        collection_name: Optional[str] = None,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> List[RefreshJob]:
        """Lists refresh jobs, newest first; None lists every external collection's jobs."""
        return await self._call(
            self._client.list_refresh_external_collection_jobs,
            collection_name,
            timeout=timeout,
            db_name=db_name,
            max_attempts=max_attempts, headers=headers,
        )

    # ------------------------------------------------------------ snapshots

    async def export_snapshot(
        self,
        collection_name: str,
        snapshot_name: str,
        target_path: str,
        *,
        external_spec: Union[str, Mapping[str, Any], None] = None,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> str:
        """Exports a collection's snapshot metadata; returns its URI (as the blocking client)."""
        return await self._call(
            self._client.export_snapshot,
            collection_name,
            snapshot_name,
            target_path,
            external_spec=external_spec,
            timeout=timeout,
            db_name=db_name,
            max_attempts=max_attempts,
            headers=headers,
        )

    async def restore_external_snapshot(
        self,
        target_collection_name: str,
        snapshot_uri: str,
        *,
        external_spec: Union[str, Mapping[str, Any], None] = None,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> int:
        """Starts restoring a snapshot into a new collection; returns the job id (int64)."""
        return await self._call(
            self._client.restore_external_snapshot,
            target_collection_name,
            snapshot_uri,
            external_spec=external_spec,
            timeout=timeout,
            db_name=db_name,
            max_attempts=max_attempts,
            headers=headers,
        )

    async def get_restore_snapshot_progress(
        self,
        job_id: int,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> SnapshotJob:
        """Reads one snapshot restore job. Raises NotFoundError for an unknown id."""
        return await self._call(
            self._client.get_restore_snapshot_progress,
            job_id,
            timeout=timeout,
            db_name=db_name,
            max_attempts=max_attempts,
            headers=headers,
        )

    async def list_restore_snapshot_jobs(
        self,
        collection_name: Optional[str] = None,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> List[SnapshotJob]:
        """Lists snapshot restore jobs, newest first."""
        return await self._call(
            self._client.list_restore_snapshot_jobs,
            collection_name,
            timeout=timeout,
            db_name=db_name,
            max_attempts=max_attempts,
            headers=headers,
        )

    async def wait_for_restore_snapshot(
        self,
        job_id: int,
        *,
        on_progress: Optional[AsyncProgress[SnapshotJob]] = None,
        timeout: Optional[float] = None,
        initial_interval: Optional[float] = None,
        max_interval: Optional[float] = None,
        db_name: Optional[str] = None,
    ) -> SnapshotJob:
        """Waits until the snapshot restore job ends and returns it (state
        COMPLETED); JobFailedError (.job: the failed job) when it failed. As
        wait_for_refresh."""
        _seconds(max_interval, "max_interval")
        if isinstance(job_id, bool) or not isinstance(job_id, int):
            raise _invalid(f"job_id must be an int, got {type(job_id).__name__}")
        changes: AsyncIterator[SnapshotJob] = self._changes(
            JobKind.SNAPSHOT_RESTORE, job_id, timeout, initial_interval, db_name
        )
        return await self._wait(changes, on_progress)

    # ------------------------------------------------------------ import

    async def bulk_import(
        self,
        collection_name: str,
        files: Optional[Sequence[FileGroup]] = None,
        *,
        partition_name: Optional[str] = None,
        options: Optional[Mapping[str, OptionValue]] = None,
        object_url: Optional[str] = None,
        object_urls: Optional[Sequence[FileGroup]] = None,
        volume_name: Optional[str] = None,
        data_paths: Optional[Sequence[FileGroup]] = None,
        access_key: Optional[str] = None,
        secret_key: Optional[str] = None,
        session_token: Optional[str] = None,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> ImportJobId:
        """Creates an import job; returns its id (a str). Arguments as MilvusJobsClient.bulk_import."""
        return await self._call(
            self._client.bulk_import,
            collection_name,
            files,
            partition_name=partition_name,
            options=options,
            object_url=object_url,
            object_urls=object_urls,
            volume_name=volume_name,
            data_paths=data_paths,
            access_key=access_key,
            secret_key=secret_key,
            session_token=session_token,
            timeout=timeout,
            db_name=db_name,
            max_attempts=max_attempts, headers=headers,
        )

    async def get_import_progress(
        self,
        job_id: str,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> ImportJob:
        """Reads one import job with its per-file details. NotFoundError for an unknown id."""
        return await self._call(
            self._client.get_import_progress, job_id, timeout=timeout, db_name=db_name, max_attempts=max_attempts, headers=headers
        )

    async def list_import_jobs(
        self,
        collection_name: Optional[str] = None,
        *,
        page_size: Optional[int] = None,
        current_page: Optional[int] = None,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> ImportJobList:
        """Lists import jobs (None: of every collection); one page with page_size/current_page."""
        return await self._call(
            self._client.list_import_jobs,
            collection_name,
            page_size=page_size,
            current_page=current_page,
            timeout=timeout,
            db_name=db_name,
            max_attempts=max_attempts, headers=headers,
        )

    async def commit_import(
        self,
        job_id: str,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        """Commits an import job waiting in state UNCOMMITTED (options={"auto_commit": False})."""
        await self._call(
            self._client.commit_import, job_id, timeout=timeout, db_name=db_name, max_attempts=max_attempts, headers=headers
        )

    async def abort_import(
        self,
        job_id: str,
        *,
        timeout: Optional[float] = None,
        db_name: Optional[str] = None,
        max_attempts: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        """Aborts an import job that has not ended."""
        await self._call(self._client.abort_import, job_id, timeout=timeout, db_name=db_name, max_attempts=max_attempts, headers=headers)

    # ------------------------------------------------------------ waiting

    def _hub(self, db_name: Optional[str], interval: Optional[float]) -> _Hub:
        self._check_open()
        loop = asyncio.get_running_loop()
        every = _seconds(interval, "initial_interval") or self._watch_interval
        key = (id(loop), db_name, every)
        found = self._hubs.get(key)
        if found is not None and found[0] is loop and found[1].driver.failure is None:
            return found[1]
        if found is not None:
            found[1].driver.stop()
        watcher = self._client.watcher(
            interval=every, max_connections=self._watch_max_connections, db_name=db_name
        )
        hub = _Hub(loop, watcher)
        self._hubs[key] = (loop, hub)
        return hub

    async def _changes(
        self,
        kind: JobKind,
        job_id: Union[int, str],
        timeout: Optional[float],
        interval: Optional[float],
        db_name: Optional[str],
    ) -> AsyncIterator[Any]:
        limit = _seconds(timeout, "timeout")
        hub = self._hub(db_name, interval)
        loop = asyncio.get_running_loop()
        end = None if limit is None else loop.time() + limit
        noun = {JobKind.REFRESH: "refresh", JobKind.SNAPSHOT_RESTORE: "snapshot restore"}.get(kind, "import")
        what = f"{noun} job {job_id}"
        last: Any = None
        last_failure = ""
        sub = hub.subscribe(kind, job_id)
        try:
            while True:
                if end is None:
                    ev = await sub.queue.get()
                else:
                    try:
                        ev = await asyncio.wait_for(sub.queue.get(), max(0.0, end - loop.time()))
                    except asyncio.TimeoutError:
                        message = f"the wait for {what} timed out after {limit:g} s"
                        if last is not None:
                            message += f" (last state {last.state_name or last.state.name}, {last.progress}%)"
                        if last_failure:
                            message += f"; the last poll failed: {last_failure}"
                        message += " (in Python: raise the wait's timeout= (seconds))"
                        raise DeadlineExceededError(
                            message,
                            status=Status.TIMEOUT,
                            category="MJ_ETIMEOUT",
                            hint=Hint.RAISE_WAIT_TIMEOUT,
                            job=last,
                            retriable=True,
                        ) from None
                if isinstance(ev, BaseException):
                    raise ev
                if ev.error is not None:
                    if not ev.done:
                        last_failure = ev.error.message  # transient: the watcher polls again
                        continue
                    err = ev.error
                    err.job = ev.job if ev.job is not None else last
                    raise err
                job = ev.job
                if job is None:
                    continue
                last = job
                yield job
                if _finished(kind, job):
                    return
        finally:
            hub.unsubscribe(sub)

    async def _wait(
        self,
        changes: AsyncIterator[_J],
        on_progress: Optional[AsyncProgress[_J]],
    ) -> _J:
        last: Optional[_J] = None
        try:
            async for job in changes:
                last = job
                if on_progress is not None:
                    result = on_progress(job)
                    if inspect.isawaitable(result):
                        await result
        finally:
            aclose = getattr(changes, "aclose", None)
            if aclose is not None:
                await aclose()
        assert last is not None
        return last

    def refresh_changes(
        self,
        job_id: int,
        *,
        timeout: Optional[float] = None,
        initial_interval: Optional[float] = None,
        db_name: Optional[str] = None,
    ) -> AsyncIterator[RefreshJob]:
        """An async iterator of a refresh job's changes: the first answer,
        then each change of state or progress; it ends after the COMPLETED
        job. Raises JobFailedError (.job: the failed job, its reason in the
        message), JobLostError, NotFoundError, DeadlineExceededError after
        `timeout` seconds (.job: the last job read).

        initial_interval: seconds between two polls of the job (default:
        the client's watch_interval); the waits with one interval share one
        native watcher.
        """
        if isinstance(job_id, bool) or not isinstance(job_id, int):
            raise _invalid(f"job_id must be an int, got {type(job_id).__name__}")
        return self._changes(JobKind.REFRESH, job_id, timeout, initial_interval, db_name)

    def import_changes(
        self,
        job_id: str,
        *,
        timeout: Optional[float] = None,
        initial_interval: Optional[float] = None,
        db_name: Optional[str] = None,
    ) -> AsyncIterator[ImportJob]:
        """As refresh_changes, for an import job: it ends after the COMPLETED
        or the UNCOMMITTED job (auto_commit=False; commit_import() it)."""
        if isinstance(job_id, int) and not isinstance(job_id, bool):
            job_id = str(job_id)
        if not isinstance(job_id, str):
            raise _invalid(f"job_id must be a str, got {type(job_id).__name__}")
        if "\x00" in job_id:
            raise _invalid("job_id contains a NUL character (\\x00); it cannot be sent: remove it")
        return self._changes(JobKind.IMPORT, job_id, timeout, initial_interval, db_name)

    async def wait_for_refresh(
        self,
        job_id: int,
        *,
        on_progress: Optional[AsyncProgress[RefreshJob]] = None,
        timeout: Optional[float] = None,
        initial_interval: Optional[float] = None,
        max_interval: Optional[float] = None,
        db_name: Optional[str] = None,
    ) -> RefreshJob:
        """Waits until the refresh job ends and returns it (state COMPLETED).

        on_progress(job) (a function or a coroutine function) is called on
        the loop for the first answer and each change; an exception it
        raises stops the wait and propagates. Errors as refresh_changes.
        max_interval is accepted for the blocking client's signature: the
        shared watcher polls every initial_interval.
        """
        _seconds(max_interval, "max_interval")
        return await self._wait(
            self.refresh_changes(job_id, timeout=timeout, initial_interval=initial_interval, db_name=db_name),
            on_progress,
        )

    async def wait_for_import(
        self,
        job_id: str,
        *,
        on_progress: Optional[AsyncProgress[ImportJob]] = None,
        timeout: Optional[float] = None,
        initial_interval: Optional[float] = None,
        max_interval: Optional[float] = None,
        db_name: Optional[str] = None,
    ) -> ImportJob:
        """Waits until the import job ends (COMPLETED) or reaches UNCOMMITTED
        (check the returned job's state). As wait_for_refresh."""
        _seconds(max_interval, "max_interval")
        return await self._wait(
            self.import_changes(job_id, timeout=timeout, initial_interval=initial_interval, db_name=db_name),
            on_progress,
        )

    # ------------------------------------------------------------ watching

    def watcher(
        self,
        *,
        max_connections: Optional[int] = None,
        interval: Optional[float] = None,
        poll_timeout: Optional[float] = None,
        cancel: Optional[CancelToken] = None,
        db_name: Optional[str] = None,
    ) -> AsyncWatcher:
        """An AsyncWatcher polling many jobs at once over this client (call
        it from a coroutine: it is bound to the running loop)."""
        self._check_open()
        return AsyncWatcher(
            self._client,
            max_connections=max_connections,
            interval=interval,
            poll_timeout=poll_timeout,
            cancel=cancel,
            db_name=db_name,
        )

