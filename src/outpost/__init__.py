"""Outpost: records and reporting for the Border Guard's mass-mobilization work."""
