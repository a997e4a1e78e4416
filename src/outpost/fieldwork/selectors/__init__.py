"""Field work selectors: one module per area (activities, photos, outcomes, programs,
disasters, follow-ups)."""
