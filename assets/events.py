"""The audit events the assets app writes (registered from AssetsConfig.ready()). They are on the
case, with the asset or measure as their subject."""

from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

ASSET_RECORDED = AuditEventType("asset.recorded", _("Asset recorded"))
MEASURE_PROMOTED = AuditEventType("measure.promoted", _("Queued measure took effect"))
MEASURE_EXPIRED = AuditEventType("measure.expired", _("Measure expired"))
