"""When later evidence shows one event is two: a two-way split of an event's members.

An online clusterer commits each article when it arrives; an article that joined on a general resemblance
(same match, same meeting) can later be outnumbered by members that make plain the event was two
happenings. The members are split by complete-linkage clustering of their TF-IDF vectors (scipy): complete
linkage joins two groups only if every pair across them is similar, so a chain of look-alikes does not hold
two happenings together. The event splits only if the two groups are this dissimilar everywhere and each
has at least `min_part` members (one stray article is left where it is: a lone outlier is not a second
event yet).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from kabar.cluster.vectors import Vector, dense_matrix

MIN_PART = 2  # members each side of a split


def two_way_split(vectors: Sequence[Vector], threshold: float, min_part: int = MIN_PART) -> list[int] | None:
    """Group (0 or 1) of each member if the members fall into two groups whose most dissimilar pair across
    them has cosine below `threshold` everywhere (complete linkage), else None. Group 0 holds the first
    member (the event's oldest), so the event keeps its id and the other group leaves."""
    if len(vectors) < 2 * min_part:
        return None
    x = dense_matrix(vectors)
    if not np.all(x.any(axis=1)):
        return None  # a member without terms has no cosine to anything
    tree = linkage(x, method="complete", metric="cosine")
    # The last merge joins the final two groups: split only if even it is below the threshold (its
    # distance is 1 - the smallest cosine across them).
    if 1.0 - tree[-1, 2] >= threshold:
        return None
    labels = fcluster(tree, t=2, criterion="maxclust")
    first = labels[0]
    groups = [0 if lab == first else 1 for lab in labels]
    if min(groups.count(0), groups.count(1)) < min_part:
        return None
    return groups
