"""Apache Airflow provider for milvus-jobs: bulk imports and external-collection
refreshes of Milvus and Zilliz Cloud, started by operators and followed in the
worker or, deferred, by the triggerer with the asyncio client."""

from __future__ import annotations

from typing import Any, Dict

__version__ = "0.5.0"


def get_provider_info() -> Dict[str, Any]:
    """Read by Airflow (entry point apache_airflow_provider): the connection type."""
    return {
        "package-name": "milvus-jobs-airflow",
        "name": "Milvus jobs",
        "description": "Bulk import and external-collection refresh jobs of Milvus and Zilliz Cloud.",
        "versions": [__version__],
        "connection-types": [
            {"connection-type": "milvus_jobs", "hook-class-name": "milvus_jobs_airflow.hooks.MilvusJobsHook"}
        ],
    }
