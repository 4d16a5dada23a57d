"""Weighted random choice in bulk, for drawing a column of values at once."""

import random


class Picker:
    """Weighted choice of k items at once (random.choices with precomputed cumulative weights)."""

    def __init__(self, rng: random.Random, weights: dict):
        self.rng = rng
        self.items = list(weights)
        self.cum = []
        total = 0
        for weight in weights.values():
            total += weight
            self.cum.append(total)

    def __call__(self, k: int) -> list:
        return self.rng.choices(self.items, cum_weights=self.cum, k=k)
