"""A key under a name the frontend's build ships to the browser (``VITE_...``) is published
with the bundle whether or not the ``.env`` is committed: the plan's task moves it to the
backend rather than only out of git (blind check m1)."""

from __future__ import annotations

from mentorbot.rules.review import review_sources
from tests.unit.assess.scenarios import Scan, plan_for

GEOCODE = """\
import axios from 'axios';
export async function geocode(zip) {
  const resp = await axios.get('https://maps.googleapis.com/maps/api/geocode/json', {
    params: { address: zip, key: import.meta.env.VITE_GOOGLE_MAPS_API_KEY },
  });
  return resp.data.results[0]?.geometry.location;
}
"""


def _task_for(env_path: str, env: str) -> str:
    sources = {env_path: env.encode(), "frontend/src/geocode.js": GEOCODE.encode()}
    [found] = [f for f in review_sources(sources, []) if f.rule == "MB107"]
    scan = Scan(analyses=[], findings=[found], stack=[], paths=list(sources))
    return next(t.text.en for t in plan_for(scan).tasks if env_path in t.text.en)


def test_a_vite_key_is_a_task_to_move_it_to_the_backend() -> None:
    task = _task_for(
        "frontend/.env", "VITE_GOOGLE_MAPS_API_KEY=AIzaQx7Lm2Vb9Rt4Zp6Yn1Bc5Hd0JwKe3Fg8Us\n"
    )

    assert task.startswith("Take the key in frontend/.env out of the frontend")
    assert "have the browser call a backend route that calls the service" in task
    assert "rotate the key" in task


def test_a_backend_key_in_a_committed_env_is_still_a_task_to_stop_committing_it() -> None:
    task = _task_for("backend/.env", "GOOGLE_MAPS_API_KEY=AIzaQx7Lm2Vb9Rt4Zp6Yn1Bc5Hd0JwKe3Fg8Us\n")

    assert task.startswith("Stop committing backend/.env")
