"""What speaker resolution works with: a resolved ``Speaker``, and the ``Context`` of one document
(its year and side, and who has spoken or been named so far, by paragraph)."""

from __future__ import annotations

from dataclasses import dataclass, field

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: ``name`` (canonical, a new name, or "unknown"), ``side``
    (india/russia/other/joint/unknown), ``raw`` (the words that named it), ``how`` (alias, name,
    role, pronoun, joint, generic, outlet), ``pronoun`` (he/she/it/person/they) and ``role``."""

    name: str
    side: str
    raw: str = ""
    how: str = ""
    pronoun: str = ""
    role: str = ""


@dataclass
class Context:
    """What one document has said so far: its year and side, speakers and people named, by paragraph."""

    year: int | None
    side: str
    paragraph: int = 0
    speakers: list[tuple[int, Speaker]] = field(default_factory=list)
    mentions: list[tuple[int, Speaker]] = field(default_factory=list)
    bodies: list[Speaker] = field(default_factory=list)  # organisations heard or named, in order
    author: Speaker | None = None  # the document's own speaker (its metadata), whom "I"/"we" name

    def heard(self, speaker: Speaker) -> None:
        self.speakers.append((self.paragraph, speaker))
        if speaker.pronoun == "it" and speaker.name != UNKNOWN:
            self.bodies.append(speaker)

    def last_body(self, side: str = UNKNOWN) -> Speaker | None:
        """The organisation named or heard last in the document (on ``side`` when it is known)."""
        return next((b for b in reversed(self.bodies) if side == UNKNOWN or b.side == side), None)

    def recent(self, accept) -> Speaker | None:
        """The last speaker of this paragraph that ``accept``s; when the paragraph has none yet,
        the last speaker of the paragraph before, if accepted."""
        here = [s for p, s in self.speakers if p == self.paragraph]
        for s in reversed(here):
            if accept(s):
                return s
        if not here:
            before = [s for p, s in self.speakers if p == self.paragraph - 1]
            if before and accept(before[-1]):
                return before[-1]
        return None
