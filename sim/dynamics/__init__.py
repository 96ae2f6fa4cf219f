"""The iterated model: treaty states and their transitions, monitoring, trembles."""
