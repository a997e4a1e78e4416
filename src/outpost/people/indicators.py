"""Figures about households, for reports (see outpost.core.indicators).

The household counts (`households`, `households_near_border`) are registered by
`outpost.assign.indicators`, together with `households_near_border_unassigned`: the three come
from one pass over the unit's households, which has to look at their assignments, and the
assign app is the one that knows both models. Figures about households alone go here.
"""
