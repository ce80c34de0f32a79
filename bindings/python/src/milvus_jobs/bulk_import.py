"""Functions shaped like pymilvus.bulk_writer's bulk_import helpers.

Same names and argument names as pymilvus (url, api_key, collection_name,
partition_name, files, object_url(s), cluster_id, project_id, region_id,
access_key, secret_key, token, volume_name, data_paths, job_id, db_name,
page_size, current_page, options), but typed results instead of a raw HTTP
response, and errors as milvus_jobs exceptions. Each call makes a short-lived
client; hold a MilvusJobsClient to reuse connections.
"""

from __future__ import annotations

from typing import Dict, List, Mapping, Optional, Sequence

from ._client import FileGroup, MilvusJobsClient, OptionValue
from ._types import Deployment, ImportJob, ImportJobList


def _client(
    url: str,
    api_key: str,
    db_name: str,
    cluster_id: str,
    project_id: str,
    region_id: str,
    headers: Optional[Dict[str, str]],
    timeout: Optional[float],
) -> MilvusJobsClient:
    cloud = bool(cluster_id or project_id)
    return MilvusJobsClient(
        url or None,
        api_key or None,
        db_name=db_name or None,
        headers=headers,
        timeout=timeout,
        deployment=Deployment.ZILLIZ_CLOUD if cloud else Deployment.MILVUS,
        cluster_id=cluster_id or None,
        project_id=project_id or None,
        region_id=region_id or None,
    )


def bulk_import(
    url: str,
    collection_name: str,
    db_name: str = "",
    files: Optional[Sequence[FileGroup]] = None,
    object_url: str = "",
    object_urls: Optional[Sequence[FileGroup]] = None,
    cluster_id: str = "",
    project_id: str = "",
    region_id: str = "",
    api_key: str = "",
    access_key: str = "",
    secret_key: str = "",
    token: str = "",
    volume_name: str = "",
    data_paths: Optional[Sequence[FileGroup]] = None,
    headers: Optional[Dict[str, str]] = None,
    partition_name: str = "",
    options: Optional[Mapping[str, OptionValue]] = None,
    timeout: Optional[float] = None,
) -> str:
    """Creates an import job and returns its id.

    `token` is the object storage's session token, as in pymilvus (the API key
    is `api_key`).
    """
    with _client(url, api_key, db_name, cluster_id, project_id, region_id, headers, timeout) as c:
        return c.bulk_import(
            collection_name,
            files,
            partition_name=partition_name or None,
            options=options,
            object_url=object_url or None,
            object_urls=object_urls,
            volume_name=volume_name or None,
            data_paths=data_paths,
            access_key=access_key or None,
            secret_key=secret_key or None,
            session_token=token or None,
        )


def get_import_progress(
    url: str,
    job_id: str,
    cluster_id: str = "",
    project_id: str = "",
    region_id: str = "",
    api_key: str = "",
    db_name: str = "",
    headers: Optional[Dict[str, str]] = None,
    timeout: Optional[float] = None,
) -> ImportJob:
    """Reads one import job with its per-file details."""
    with _client(url, api_key, db_name, cluster_id, project_id, region_id, headers, timeout) as c:
        return c.get_import_progress(job_id)


def list_import_jobs(
    url: str,
    collection_name: str = "",
    db_name: str = "",
    cluster_id: str = "",
    project_id: str = "",
    region_id: str = "",
    api_key: str = "",
    page_size: Optional[int] = None,
    current_page: Optional[int] = None,
    headers: Optional[Dict[str, str]] = None,
    timeout: Optional[float] = None,
) -> ImportJobList:
    """Lists import jobs; with page_size/current_page, one page of them."""
    with _client(url, api_key, db_name, cluster_id, project_id, region_id, headers, timeout) as c:
        return c.list_import_jobs(collection_name or None, page_size=page_size, current_page=current_page)


__all__: List[str] = ["bulk_import", "get_import_progress", "list_import_jobs"]
