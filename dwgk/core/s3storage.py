"""The S3 media backend with the same rollback rule as local media (see `dwgk.core.storage`); imported
only when DWGK_MEDIA_S3_BUCKET is set, since django-storages is an optional extra."""

from storages.backends.s3 import S3Storage

from .storage import TransactionMixin


class TransactionalS3Storage(TransactionMixin, S3Storage):
    pass
