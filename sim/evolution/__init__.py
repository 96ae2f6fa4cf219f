"""Tournaments and evolution: round robins between pools of strategies, the meta-game of
strategies, two-population replicator dynamics with its rest points and their stability,
Moran fixation in a finite population, and learning dynamics (fictitious play, logit).

Every function here is a pure function of payoff tables; nothing runs at import.
"""
