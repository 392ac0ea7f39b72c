"""System checks for a configuration of more than one app server (`dwgk check`, and every start)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache",
                      "django.core.cache.backends.filebased.FileBasedCache")

LOCAL_STORAGES = ("django.core.files.storage.FileSystemStorage",
                  "django.core.files.storage.filesystem.FileSystemStorage",
                  "dwgk.core.storage.TransactionalFileSystemStorage")


def is_multi_node() -> bool:
    return (int(getattr(settings, "DWGK_NODES", 1)) > 1 or bool(getattr(settings, "DWGK_MEDIA_DIR", ""))
            or bool(getattr(settings, "DWGK_MEDIA_S3_BUCKET", "")))


@checks.register("dwgk")
def multi_node_configuration(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not is_multi_node():
        return []
    errors = []
    if settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        errors.append(checks.Error(
            "多台应用服务器不能使用进程内缓存：验证码、限流计数和已注销的会话须在所有服务器间共享",
            hint="设置 REDIS_URL（如 redis://127.0.0.1:6379/0），所有服务器使用同一个 Redis",
            id="dwgk.E101"))
    if settings.STORAGES["default"]["BACKEND"] in LOCAL_STORAGES and not getattr(settings, "DWGK_MEDIA_DIR", ""):
        errors.append(checks.Error(
            "多台应用服务器不能把附件存放在本机目录：经一台服务器上传的附件，另一台无法下载",
            hint="设置 DWGK_MEDIA_DIR 为所有服务器共同挂载的目录，或用 DWGK_MEDIA_S3_BUCKET 使用兼容 S3 的对象存储",
            id="dwgk.E102"))
    if int(getattr(settings, "DWGK_NODES", 1)) > 1:
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            errors.append(checks.Error(
                "多台应用服务器须共用 PostgreSQL 数据库，SQLite 只能用于单台服务器",
                hint="设置 DATABASE_URL=postgres://…", id="dwgk.E103"))
        if getattr(settings, "DWGK_TASKS", "") != "database":
            errors.append(checks.Error(
                "多台应用服务器须使用数据库任务队列和后台任务进程：各服务器的检索索引由各自的 dwgk worker 跟随变更记录",
                hint="设置 DWGK_TASKS=database（生产模式默认），并在每台服务器上运行 dwgk worker", id="dwgk.E104"))
    return errors
