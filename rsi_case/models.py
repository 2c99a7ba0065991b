"""Every mapped class, imported in one place for Alembic and the scripts."""

from .actions.models import Action, ActionNote  # noqa: F401
from .aktindsigt.models import AccessDecision, AccessRequest, AccessRequestCase  # noqa: F401
from .aktindsigt.package_models import AccessPackage, AccessPackageFile  # noqa: F401

from .aktindsigt.extension import AccessExtension  # noqa: F401
from .cases.models import Case, CaseGrant, CaseRevision  # noqa: F401
from .db import Base  # noqa: F401
from .dav.models import WordToken  # noqa: F401
from .documents.models import (Attachment, AttachmentRevision, Document, DocumentCheckout, DocumentVersion,  # noqa: F401
                               TextBlock, VersionSource)
from .mail.models import InboxMail, MailMessage  # noqa: F401
from .meetings.models import AgendaItem, AgendaPaper, Decision, Meeting, MeetingCase, MeetingParticipant, PackSending  # noqa: F401,E501
from .numbering import NumberSeries  # noqa: F401
from .ocr.models import OcrJob  # noqa: F401
from .participation.models import ParticipationChange, RegionParticipation  # noqa: F401
from .security.models import AuditEvent, Group, LoginThrottle, User, user_groups  # noqa: F401
from .search.models import SearchOutbox  # noqa: F401
from .worker.models import WorkerLease  # noqa: F401
