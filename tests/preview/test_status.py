"""The preview's status: warnings of the last good build stay shown through a failed one."""

from __future__ import annotations

import json

from pressroom.preview.status import Status


def test_warnings_are_published_and_kept_through_a_failure():
    status = Status()
    status.publish([], 3, ["de.yaml:9: messages.x.cta: warning: en.yaml changed since …"])
    assert json.loads(status.now.to_json())["warnings"] == [
        "de.yaml:9: messages.x.cta: warning: en.yaml changed since …"
    ]
    failed = status.publish(["de.yaml:3: broken"], 3, [])
    assert failed.problems == ("de.yaml:3: broken",) and len(failed.warnings) == 1
    assert status.publish([], 3, []).warnings == ()
