"""Conversation stores and the operator queue: one interface, a memory and a Redis implementation.

StoreError
 ├── StoreUnavailable   the backend cannot be reached or did not answer in time
 ├── LockTimeout        another message of the same conversation held the lock too long
 └── LeaseLost          the lock expired before the change was committed; nothing was written
"""

from bot.store.base import (
    DELIVERY_ORDER,
    AccountStore,
    AuditLog,
    Change,
    Claim,
    ConversationStore,
    Effect,
    Lease,
    LeaseLost,
    LockTimeout,
    OperatorQueue,
    QueueEntry,
    Snapshot,
    StoreError,
    StoreTimings,
    StoreUnavailable,
)

__all__ = [
    "DELIVERY_ORDER",
    "AccountStore",
    "AuditLog",
    "Change",
    "Claim",
    "ConversationStore",
    "Effect",
    "Lease",
    "LeaseLost",
    "LockTimeout",
    "OperatorQueue",
    "QueueEntry",
    "Snapshot",
    "StoreError",
    "StoreTimings",
    "StoreUnavailable",
]
