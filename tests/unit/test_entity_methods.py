"""Entities are made, compare and print as dataclasses are, through one `__init__`, `__eq__` and `__repr__` on
`Entity`.

`dataclass` writes and compiles these three methods for each class it makes; there are some thirty entities, all
imported when a start builds its first page, so each class leaves them to the base (`@entity`).
"""

import dataclasses

import pytest

from stp_desk.domain import entities
from stp_desk.domain.entities import Action, AgendaItem, Entity, Footprint, Person

KINDS = list(dict.fromkeys(cls for cls in vars(entities).values()
                           if isinstance(cls, type) and issubclass(cls, Entity) and cls is not Entity))


@pytest.mark.parametrize("cls", KINDS, ids=[cls.__name__ for cls in KINDS])
def test_no_entity_has_methods_of_its_own_for_comparing_and_printing(cls: type[Entity]) -> None:
    assert "__eq__" not in vars(cls) and "__repr__" not in vars(cls)
    assert cls.__hash__ is None  # as a dataclass with eq: an entity is not hashable, it changes


@pytest.mark.parametrize("cls", KINDS, ids=[cls.__name__ for cls in KINDS])
def test_no_entity_compiles_an_init_of_its_own(cls: type[Entity]) -> None:
    assert "__init__" not in vars(cls)


@pytest.mark.parametrize("cls", KINDS, ids=[cls.__name__ for cls in KINDS])
def test_an_entity_is_made_with_its_fields_defaults_as_a_dataclass_makes_it(cls: type[Entity]) -> None:
    made, fields = cls(), dataclasses.fields(cls)
    for f in fields:
        expected = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        assert getattr(made, f.name) == expected, f.name
        if isinstance(expected, list):
            assert getattr(made, f.name) is not getattr(cls(), f.name), f"{f.name} shared between two entities"
    for f in fields:  # each field set by its keyword alone
        changed = cls(**{f.name: "given"})
        assert [getattr(changed, g.name) == "given" for g in fields] == [g is f for g in fields]
    assert list(vars(made)) == [f.name for f in fields]
    assert cls.from_row(made.to_row() | {"id": "x1"}) == dataclasses.replace(made, id="x1")


def test_an_entity_is_made_by_keyword_and_refuses_a_field_it_does_not_have() -> None:
    """As a dataclass refuses an unknown keyword; by keyword only, so that a field added later moves nothing."""
    with pytest.raises(TypeError, match="unexpected keyword argument 'nmae'"):
        Footprint(nmae="North")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Footprint("North")  # type: ignore[misc]
    with pytest.raises(TypeError):
        dataclasses.replace(Footprint(), nmae="North")


@pytest.mark.parametrize("cls", KINDS, ids=[cls.__name__ for cls in KINDS])
def test_entities_compare_field_by_field_within_their_class(cls: type[Entity]) -> None:
    made = cls()
    assert made == cls() and (made != cls()) is False  # __ne__ follows __eq__
    assert made != dataclasses.replace(made, id="other")
    assert made != dataclasses.replace(made, owner="other")
    assert made != object() and made != None  # noqa: E711


def test_entities_of_two_classes_with_the_same_fields_are_not_equal() -> None:
    @dataclasses.dataclass(eq=False, repr=False)
    class Twin(Footprint):
        pass

    assert Footprint(name="A") != Twin(name="A") and Twin(name="A") == Twin(name="A")


def test_a_field_compares_by_value_and_a_list_by_its_items() -> None:
    assert Person(name="A", roles=["chair"]) == Person(name="A", roles=["chair"])
    assert Person(name="A", roles=["chair"]) != Person(name="A", roles=["chair", "lead"])
    nan = float("nan")  # a tuple compares an object with itself as equal, as dataclass's generated method does
    assert AgendaItem(title="x", position=nan) == AgendaItem(title="x", position=nan)  # type: ignore[arg-type]


def test_an_entity_prints_as_a_dataclass_does() -> None:
    assert repr(Footprint(name="North", id="f1")) == "Footprint(id='f1', owner=None, name='North', code=None)"
    assert repr(Action(description="Chase", due="2024-01-31")) == (
        "Action(id=None, owner=None, item_id=None, description='Chase', owner_id=None, due='2024-01-31', "
        "status='open')")
