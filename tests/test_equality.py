"""Equality and hashing of the frozen records: Game, Equilibrium, SolverResult.

They hold numpy arrays, so the comparison dataclasses generate (a tuple of
fields) would ask an array for its truth value and raise. Each defines its own:
arrays are equal when shape, dtype kind and every element are.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from types import MappingProxyType

import numpy as np
import pytest

import tradegame as tg


def battle() -> tg.Game:
    return tg.Game.from_bimatrix(
        [[2, 0], [0, 1]], [[1, 0], [0, 2]], strategies=(("O", "F"), ("O", "F")), name="battle"
    )


def equilibrium(**changes: object) -> tg.Equilibrium:
    fields = {
        "strategies": (np.array([2 / 3, 1 / 3]), np.array([1 / 3, 2 / 3])),
        "payoffs": np.array([2 / 3, 2 / 3]),
        "regrets": np.array([0.0, 0.0]),
        "relative_regret": 0.0,
        "exact": ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3))),
    }
    fields.update(changes)
    return tg.Equilibrium(**fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- Equilibrium
def test_equal_equilibria_compare_equal_and_hash_alike() -> None:
    assert equilibrium() == equilibrium()
    assert (equilibrium() != equilibrium()) is False
    assert hash(equilibrium()) == hash(equilibrium())
    assert len({equilibrium(), equilibrium()}) == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"strategies": (np.array([1.0, 0.0]), np.array([1 / 3, 2 / 3]))},
        {"strategies": (np.array([2 / 3, 1 / 3]),)},  # one player fewer
        {"payoffs": np.array([2 / 3, 0.5])},
        {"payoffs": np.array([[2 / 3, 2 / 3]])},  # same values, another shape
        {"regrets": np.array([0.0, 1e-12])},
        {"relative_regret": 1e-12},
        {"exact": None},
        {"exact": ((Fraction(1), Fraction(0)), (Fraction(1, 3), Fraction(2, 3)))},
    ],
    ids=lambda changes: next(iter(changes)),
)
def test_equilibria_differing_in_one_field_are_unequal(changes: dict) -> None:
    assert equilibrium() != equilibrium(**changes)
    assert (equilibrium() == equilibrium(**changes)) is False


def test_an_exact_array_never_equals_a_float_array() -> None:
    floats = equilibrium(payoffs=np.array([0.5, 1.0]))
    fractions = equilibrium(payoffs=np.array([Fraction(1, 2), Fraction(1)], dtype=object))
    assert floats != fractions
    assert floats == equilibrium(payoffs=np.array([0.5, 1.0], dtype=np.float32))  # kind, not size


def test_signed_zeros_are_equal_and_hash_alike() -> None:
    plus = equilibrium(regrets=np.array([0.0, 0.0]))
    minus = equilibrium(regrets=np.array([-0.0, 0.0]))
    assert plus == minus and hash(plus) == hash(minus)


def test_nan_equals_nothing_without_raising() -> None:
    assert equilibrium(payoffs=np.array([np.nan, 1.0])) != equilibrium(
        payoffs=np.array([np.nan, 1.0])
    )


@pytest.mark.parametrize("other", [None, 3, "equilibrium", (0.5, 0.5)])
def test_an_equilibrium_and_another_type_are_unequal(other: object) -> None:
    eq = equilibrium()
    assert eq.__eq__(other) is NotImplemented
    assert eq != other
    assert (eq == other) is False


def test_an_equilibrium_leaves_a_comparison_with_an_array_to_numpy() -> None:
    # NotImplemented hands `eq == array` to numpy, which compares element by element
    assert equilibrium().__eq__(np.zeros(2)) is NotImplemented
    assert (equilibrium() == np.zeros(2)).tolist() == [False, False]


# ---------------------------------------------------------------------------- SolverResult
def test_two_runs_of_one_solver_give_equal_results() -> None:
    first, second = tg.vertex_enumeration(battle()), tg.vertex_enumeration(battle())
    assert first is not second
    assert first == second and hash(first) == hash(second)
    assert first.equilibria == second.equilibria
    assert set(first) == set(second)  # equilibria are hashable


def test_results_differing_in_one_field_are_unequal() -> None:
    result = tg.vertex_enumeration(battle())
    for change in (
        {"game": battle().replace(name="other")},
        {"method": "lemke-howson"},
        {"parameters": MappingProxyType({**result.parameters, "tol": 1e-6})},
        {"equilibria": result.equilibria[:1]},
        {"tolerance": 1e-6},
        {"complete": not result.complete},
        {"notes": (*result.notes, "another")},
        {"stopped": "time limit"},
    ):
        changed = dataclasses.replace(result, **change)
        assert result != changed, change
        assert (result == changed) is False, change


def test_parameters_compare_as_mappings_with_arrays_inside() -> None:
    result = tg.vertex_enumeration(battle())

    def with_parameters(parameters: dict) -> tg.SolverResult:
        return dataclasses.replace(result, parameters=MappingProxyType(parameters))

    assert with_parameters({"w": np.arange(3)}) == with_parameters({"w": np.arange(3)})
    assert with_parameters({"w": np.arange(3)}) != with_parameters({"w": np.arange(4)})
    assert with_parameters({"w": np.arange(3)}) != with_parameters({"w": [0, 1, 2]})
    assert with_parameters({"a": 1}) == with_parameters(dict(a=1))  # any mapping type
    # the hash leaves parameters out, so an unhashable value does not break it
    assert hash(with_parameters({"w": np.arange(3)})) == hash(with_parameters({"w": [0]}))


@pytest.mark.parametrize("other", [None, 0, "result", ()])
def test_a_result_and_another_type_are_unequal(other: object) -> None:
    result = tg.pure_nash(battle())
    assert result.__eq__(other) is NotImplemented
    assert result != other


def test_results_and_equilibria_work_as_set_members_and_dict_keys() -> None:
    results = {tg.pure_nash(battle()): "pure", tg.vertex_enumeration(battle()): "all"}
    assert results[tg.pure_nash(battle())] == "pure"
    found = set(tg.vertex_enumeration(battle())) | set(tg.vertex_enumeration(battle()))
    assert len(found) == 3  # two pure equilibria and a mixed one, each once
    # every field counts: pure_nash finds the same profiles without exact fractions
    pure = set(tg.pure_nash(battle()))
    assert {e.supports for e in pure} < {e.supports for e in found}
    assert not pure & found


# ---------------------------------------------------------------------------- Game
def test_games_compare_arrays_exactly_and_never_raise() -> None:
    assert battle() == battle() and hash(battle()) == hash(battle())
    assert battle() != battle().replace(payoff_tensor=battle().payoff_tensor + 1e-15)
    assert battle().__eq__(battle().payoff_tensor) is NotImplemented
    assert battle() != "battle"


def test_games_with_signed_zeros_are_equal_and_hash_alike() -> None:
    plus = tg.Game.from_bimatrix([[0.0, 1.0]], [[1.0, 0.0]])
    minus = tg.Game.from_bimatrix([[-0.0, 1.0]], [[1.0, -0.0]])
    assert plus == minus and hash(plus) == hash(minus)


def test_an_exact_game_differs_from_its_floats() -> None:
    exact = tg.Game.from_bimatrix([[Fraction(1, 10), 0]], [[0, 1]])
    floats = tg.Game.from_bimatrix([[0.1, 0]], [[0, 1]])
    assert np.array_equal(exact.payoff_tensor, floats.payoff_tensor)
    assert exact != floats  # 0.1 is not 1/10
    assert exact == tg.Game.from_bimatrix([[Fraction(1, 10), 0]], [[0, 1]])
    assert hash(exact) == hash(floats)  # unequal may hash alike; equal must


def test_integer_games_are_one_game_however_built() -> None:
    as_ints = tg.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    as_fractions = tg.Game.from_bimatrix(
        np.array([[Fraction(3), 0], [5, 1]], dtype=object), [[3, 5], [0, 1]]
    )
    assert as_fractions.exact_payoff_tensor is None
    assert as_ints == as_fractions and hash(as_ints) == hash(as_fractions)
