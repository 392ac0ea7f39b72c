"""`dwgk worker`: the task worker of one app server.

It runs the queued tasks (the django-tasks database backend's worker: mirror updates and builds,
scheduled jobs queued with `dwgk scheduled --queue`, mail) and, beside them, the change-feed loop:
every DWGK_FEED_POLL_SECONDS it brings this node's search index (and, one node at a time, the shared
mirror) up to the change feed, and writes its heartbeat for the health check.

Why a poll loop rather than a task per change: a task is run by whichever worker takes it, but every
node's index must see every change, including those made through another node and those made while
this node was down. Polling its own watermark gives each node exactly that, at the cost of one indexed
query per interval.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from dwgk.core import changes
from dwgk.core.health import HEARTBEAT_KEY

log = logging.getLogger("dwgk.worker")

BEAT_EVERY_SECONDS = 5.0  # well inside health.STALE_AFTER_SECONDS


def beat() -> None:
    cache.set(HEARTBEAT_KEY, int(time.time()), timeout=None)


class FeedLoop(threading.Thread):
    """This node's copies (and the heartbeat) in one loop, the shared mirror in another: a long mirror
    build (a new mirror directory) must not hold up the node's search index."""

    def __init__(self, interval: float, *, shared: bool):
        super().__init__(name=f"dwgk-feed-{'shared' if shared else 'node'}", daemon=True)
        self.interval, self.shared = interval, shared
        self.stopping = threading.Event()

    def run(self) -> None:
        last_beat = 0.0
        while not self.stopping.is_set():
            close_old_connections()
            if not self.shared and time.monotonic() - last_beat >= BEAT_EVERY_SECONDS:
                try:
                    beat()
                    last_beat = time.monotonic()
                except Exception:
                    log.exception("worker heartbeat failed")
            changes.follow_all(shared=self.shared)
            self.stopping.wait(self.interval)
        connection.close()


class Command(BaseCommand):
    help = "后台任务进程：执行排队的任务（静态镜像、定时任务、邮件），并让本节点的检索索引和静态镜像跟随变更记录"

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default", help="处理的队列，逗号分隔（默认 default）")
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时的轮询间隔（秒）")
        parser.add_argument("--batch", action="store_true", help="执行完已排队的任务（并跟随一次变更记录）后退出")
        parser.add_argument("--max-tasks", type=int, default=None, help="执行这么多个任务后退出")
        parser.add_argument("--no-feed", action="store_true", help="不跟随变更记录（只执行任务）")

    def handle(self, *args, queue_name, interval, batch, max_tasks, no_feed, **options):
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError("任务后端不是数据库队列：请设置 DWGK_TASKS=database（生产模式默认如此），"
                               "否则任务在提交它的进程中立即执行，无需后台任务进程")
        logging.getLogger("dwgk.worker").setLevel(logging.INFO)
        worker = Worker(queue_names=queue_name.split(","), interval=interval, batch=batch,
                        backend_name=DEFAULT_TASK_BACKEND_ALIAS, startup_delay=not batch, max_tasks=max_tasks,
                        worker_id=f"{settings.DWGK_NODE_ID}-{get_random_string(12)}"[:64],
                        excluded_queue_names=[])
        self.stdout.write(f"后台任务进程启动：节点 {settings.DWGK_NODE_ID}，队列 {queue_name}")
        if batch:
            if not no_feed:
                beat()
                changes.follow_all()
            worker.run()
            return
        loops = [] if no_feed else [FeedLoop(float(settings.DWGK_FEED_POLL_SECONDS), shared=s) for s in (False, True)]
        for loop in loops:
            loop.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            for loop in loops:
                loop.stopping.set()
