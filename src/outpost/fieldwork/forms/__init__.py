"""Field work forms: one module per area."""
