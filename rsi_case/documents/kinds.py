"""Each kind of document starts from a sensible body."""

from __future__ import annotations

from ..i18n import _

TEMPLATES = {
    "notat": """<h2>Baggrund</h2><p></p><h2>Vurdering</h2><p></p><h2>Indstilling</h2><p></p>""",
    "strategi": """<h2>Baggrund</h2><p></p><h2>Mål</h2><p></p><h2>Indsatser</h2><p></p>
<h2>Økonomi</h2><p></p><h2>Opfølgning</h2><p></p>""",
    "handlingsplan": """<h2>Formål</h2><p></p><h2>Indsatser</h2>
<table><thead><tr><th>Indsats</th><th>Ansvarlig region</th><th>Frist</th><th>Status</th></tr></thead>
<tbody>
<tr><td></td><td>Region Hovedstaden</td><td></td><td>Ikke startet</td></tr>
<tr><td></td><td>Region Sjælland</td><td></td><td>Ikke startet</td></tr>
<tr><td></td><td>Region Syddanmark</td><td></td><td>Ikke startet</td></tr>
<tr><td></td><td>Region Midtjylland</td><td></td><td>Ikke startet</td></tr>
<tr><td></td><td>Region Nordjylland</td><td></td><td>Ikke startet</td></tr>
</tbody></table><h2>Opfølgning</h2><p></p>""",
    "dagsorden": """<h2>1. Godkendelse af dagsorden</h2><p></p><h2>2. Godkendelse af referat fra sidste møde</h2><p></p>
<h2>3. </h2><p><strong>Indstilling:</strong> </p><h2>4. Eventuelt</h2><p></p>""",
    "moedereferat": """<p><strong>Deltagere:</strong> </p><p><strong>Afbud:</strong> </p>
<h2>1. Godkendelse af dagsorden</h2><p>Dagsordenen blev godkendt.</p>
<h2>2. </h2><p><strong>Beslutning:</strong> Styregruppen besluttede at </p><h2>3. Eventuelt</h2><p></p>""",
    "beslutningsoplaeg": """<h2>Indstilling</h2><p>Sekretariatet indstiller, at styregruppen </p>
<h2>Baggrund</h2><p></p><h2>Tidsplan</h2><p></p><h2>Succesmål</h2><ul><li></li></ul>
<h2>Anbefalet lederregion</h2><p></p><h2>Økonomi</h2><p></p>""",
    "statusrapport": """<h2>Samlet status</h2><p></p><h2>Fremdrift siden sidste rapport</h2><p></p>
<h2>Risici og udfordringer</h2><p></p><h2>Økonomi</h2><p></p><h2>Næste skridt</h2><p></p>""",
    "bilag": """<p></p>""",
}

HINTS = {
    "notat": _("kind-hint-notat", default="The standard internal memo."),
    "strategi": _("kind-hint-strategi", default="Background, goals, actions, economy and follow-up."),
    "handlingsplan": _("kind-hint-handlingsplan", default="A table of actions per region with deadlines."),
    "dagsorden": _("kind-hint-dagsorden", default="Numbered agenda items with recommendations."),
    "moedereferat": _("kind-hint-moedereferat", default="Participants and a decision per item."),
    "beslutningsoplaeg": _("kind-hint-beslutningsoplaeg", default="Recommendation, timeline, goals and lead region."),
    "statusrapport": _("kind-hint-statusrapport", default="Progress, risks and next steps for the board."),
    "bilag": _("kind-hint-bilag", default="An annex or any other paper."),
}
