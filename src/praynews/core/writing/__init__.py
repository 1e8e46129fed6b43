"""Writing a draft: outline, glance, sections, headline, fidelity; and the model writer."""
