"""Field work services: one module per area (activities, photos, outcomes, programs,
disasters, follow-ups)."""
