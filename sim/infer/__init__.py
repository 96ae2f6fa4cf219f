"""Inference from an observed record: likelihood, hidden states, parameters, doctrines."""
