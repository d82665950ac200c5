"""Stories: near-duplicates and multi-outlet reports of one happening.

See :mod:`marsad.stories.cluster` for the method.
"""

from marsad.stories.cluster import StoryInput, cluster_stories, story_summaries, update_stories

__all__ = ["StoryInput", "cluster_stories", "story_summaries", "update_stories"]
