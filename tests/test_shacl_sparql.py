"""The SPARQL SHACL engine reports exactly what pyshacl reports, and falls back to it on unknown SHACL.

pyshacl is the reference: every comparison runs both engines on the same triples and compares
the findings (focus, rule, message, severity, file). Blank-node ids differ between rdflib and
Oxigraph, so a blank focus is compared as ``_:`` alone.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from bench.generate import generate
from kg.ontology import OntologyFiles
from kg.rdfio import read_all
from kg.settings import Settings
from kg.shacl_compile import UnsupportedShapeError, compile_shapes, iri
from kg.terms import SPARQL_PROLOGUE
from kg.validation import Finding, Validator, validate_paths

from .conftest import EXAMPLES, ROOT

SETTINGS = Settings(store="memory")
ONTOLOGY = OntologyFiles(ROOT / "ontology")
SOURCES = ROOT / "data" / "sources.ttl"
Key = tuple[str, str, str, str, str | None]


@pytest.fixture(scope="module")
def engines() -> tuple[Validator, Validator]:
    sparql = Validator(ONTOLOGY, SETTINGS.seeds_dir, engine="sparql")
    assert sparql.engine == "sparql", "our shapes must compile: the fallback is for shapes we have not written yet"
    return sparql, Validator(ONTOLOGY, SETTINGS.seeds_dir, engine="pyshacl")


def keys(findings: list[Finding]) -> set[Key]:
    return {(re.sub(r"^_:.*", "_:", f.focus), f.rule, f.message, f.severity, f.file) for f in findings}


def both(engines: tuple[Validator, Validator], triples: list[ox.Triple],
         origin: dict[str, Path] | None = None) -> tuple[set[Key], set[Key]]:
    sparql, reference = engines
    return keys(sparql._shacl(triples, origin or {})), keys(reference._shacl(triples, origin or {}))


def read(paths: list[Path]) -> tuple[list[ox.Triple], dict[str, Path]]:
    triples, errors, origin = read_all(paths)
    assert not errors, errors
    return triples, origin


def test_same_findings_on_the_real_data(engines: tuple[Validator, Validator]) -> None:
    sparql, reference = both(engines, *read([SETTINGS.data_dir]))
    assert sparql == reference
    assert sparql, "the real data has should-hold warnings, so an empty result would prove nothing"


@pytest.mark.parametrize("path", sorted(p for p in EXAMPLES.rglob("*.ttl") if p.stem != "syntax-error"),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_findings_on_every_example(engines: tuple[Validator, Validator], path: Path) -> None:
    sparql, reference = both(engines, *read([SOURCES, path]))
    assert sparql == reference
    if path.parent.name == "valid":
        assert not {k for k in sparql if k[3] == "violation"}


def test_same_findings_on_a_synthetic_graph(engines: tuple[Validator, Validator], tmp_path: Path) -> None:
    out = tmp_path / "kz-10k.ttl"
    generate(10_000, out)
    sparql, reference = both(engines, *read([SOURCES, out]))
    assert sparql == reference
    assert sparql


BASE = [SOURCES, EXAMPLES / "valid" / "relations.ttl", EXAMPLES / "valid" / "prosecution.ttl"]
CITATION = '[ kzo:document kz:src-fpc-intro-2021 ; kzo:section "S" ; kzo:quote "a verbatim quote" ]'
MUTATIONS = {
    "drop a claimStatus": "DELETE WHERE { kz:ex-fam-1 kzo:claimStatus ?s }",
    "claimStatus outside sh:in": "DELETE WHERE { kz:ex-fam-1 kzo:claimStatus ?s } ; "
                                 "INSERT DATA { kz:ex-fam-1 kzo:claimStatus kzv:spouse }",
    "two claimStatus": "INSERT DATA { kz:ex-fam-1 kzo:claimStatus kzv:alleged }",
    "second prefLabel in the same language": 'INSERT DATA { kz:ex-dariga skos:prefLabel "Darigha Nazarbaeva"@en }',
    "prefLabels in two languages are fine": 'INSERT DATA { kz:ex-dariga skos:prefLabel "Дарига Назарбаева"@ru }',
    "untagged prefLabel": 'INSERT DATA { kz:ex-rakhat skos:prefLabel "Rakhat" }',
    "untagged alias": 'INSERT DATA { kz:ex-dvk skos:altLabel "QDT" }',
    "plain string on kzo:start": 'INSERT DATA { kz:ex-fam-1 kzo:start "2001" }',
    "wrong datatype on kzo:start": 'INSERT DATA { kz:ex-fam-1 kzo:start "2001"^^xsd:integer }',
    "ill-formed xsd:date": 'INSERT DATA { kz:ex-fam-1 kzo:start "2001-02-30"^^xsd:date }',
    "two starts": 'INSERT DATA { kz:ex-fam-1 kzo:start "2001"^^xsd:gYear, "2002-05"^^xsd:gYearMonth }',
    "ill-formed xsd:duration": 'DELETE { ?sp kzo:duration ?d } INSERT { ?sp kzo:duration "five years"^^xsd:duration } '
                               "WHERE { ?sp kzo:duration ?d }",
    "amount neither decimal nor integer": 'INSERT { ?sp kzo:amount "lots" } WHERE { ?sp kzo:sentenceKind [] }',
    "ill-typed integer amount": 'INSERT { ?sp kzo:amount "1.5"^^xsd:integer } WHERE { ?sp kzo:sentenceKind [] }',
    "citation document is not a SourceDocument": "DELETE { ?c kzo:document ?d } INSERT { ?c kzo:document kz:ex-dariga } "
                                                 "WHERE { kz:ex-fam-1 kzo:citation ?c . ?c kzo:document ?d }",
    "citation without document": "DELETE { ?c kzo:document ?d } WHERE { kz:ex-fam-2 kzo:citation ?c . ?c kzo:document ?d }",
    "citation with two documents": "INSERT { ?c kzo:document kz:src-hrw-2016 } WHERE { kz:ex-fam-2 kzo:citation ?c }",
    "quote too short": 'DELETE { ?c kzo:quote ?q } INSERT { ?c kzo:quote "short" } '
                       "WHERE { kz:ex-post-1 kzo:citation ?c . ?c kzo:quote ?q }",
    "quote with a language tag": 'DELETE { ?c kzo:quote ?q } INSERT { ?c kzo:quote "a verbatim quote"@en } '
                                 "WHERE { kz:ex-post-1 kzo:citation ?c . ?c kzo:quote ?q }",
    "citation not located": "DELETE { ?c kzo:section ?s } WHERE { kz:ex-fam-1 kzo:citation ?c . ?c kzo:section ?s }",
    "citation is a literal": 'INSERT DATA { kz:ex-fam-1 kzo:citation "see the report" }',
    "membership member neither Person nor Organisation": f"""INSERT DATA {{ kz:ex-m a kzo:Membership ;
        kzo:member kz:ex-baker-street ; kzo:organization kz:ex-alga ; kzo:claimStatus kzv:reported ; kzo:start 2001 ;
        kzo:citation {CITATION} }}""",
    "membership member is an Organisation subclass": f"""INSERT DATA {{ kz:ex-m a kzo:Membership ;
        kzo:member kz:ex-dvk ; kzo:organization kz:ex-alga ; kzo:claimStatus kzv:reported ; kzo:start "2001"^^xsd:gYear ;
        kzo:citation {CITATION} }}""",
    "membership without member": f"""INSERT DATA {{ kz:ex-m a kzo:Membership ; kzo:organization kz:ex-alga ;
        kzo:claimStatus kzv:reported ; kzo:citation {CITATION} }}""",
    "kinship outside its scheme": "DELETE WHERE { kz:ex-fam-1 kzo:kinship ?k } ; "
                                  "INSERT DATA { kz:ex-fam-1 kzo:kinship kzv:reported }",
    "asset is a Person": "DELETE WHERE { kz:ex-own-1 kzo:asset ?a } ; INSERT DATA { kz:ex-own-1 kzo:asset kz:ex-timur }",
    "subclass instance without claimStatus": "DELETE WHERE { kz:ex-zhanaozen-massacre kzo:claimStatus ?s }",
    "observation without a number": "DELETE WHERE { kz:ex-obs-2 kzo:value ?v }",
    "observation with a range instead": "DELETE WHERE { kz:ex-obs-2 kzo:value ?v } ; "
                                        "INSERT DATA { kz:ex-obs-2 kzo:minValue 10 }",
    "post in a Person": "INSERT DATA { kz:ex-chair-senate kzo:postIn kz:ex-tokayev }",
    "sentence part without kind": "DELETE WHERE { ?sp kzo:sentenceKind ?k }",
    "prosecution without outcome and charge": "DELETE WHERE { kz:ex-prosecution kzo:outcome ?o } ; "
                                              "DELETE WHERE { kz:ex-prosecution kzo:chargeText ?c }",
    "place is not a Place": "INSERT DATA { kz:ex-fam-1 kzo:place kz:ex-dariga }",
}
HARMLESS = {"prefLabels in two languages are fine", "membership member is an Organisation subclass",
            "observation with a range instead"}


def mutated(update: str) -> list[ox.Triple]:
    store = ox.Store()
    triples, _ = read(BASE)
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    store.update(SPARQL_PROLOGUE + update)
    return [q.triple for q in store]


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_mutations_are_reported_identically(engines: tuple[Validator, Validator], name: str) -> None:
    base, _ = both(engines, read(BASE)[0])
    sparql, reference = both(engines, mutated(MUTATIONS[name]))
    assert sparql == reference
    if name in HARMLESS:
        assert sparql == base
    else:
        assert sparql - base, "the mutation must be reported"


@pytest.mark.parametrize(("literal", "sparql_flags", "pyshacl_flags"), [
    ('"1e5"^^xsd:decimal', True, False),  # not an XSD decimal, but Python's Decimal reads it
    ('"0000-01-01"^^xsd:date', False, True),  # XSD 1.1 has a year 0, Python's date has not
])
def test_known_lexical_form_differences(engines: tuple[Validator, Validator], literal: str,
                                        sparql_flags: bool, pyshacl_flags: bool) -> None:
    """Documented, not desired: Oxigraph checks lexical forms by XSD, rdflib by Python's parsers."""
    base, _ = both(engines, read(BASE)[0])
    field = "kzo:amount" if "decimal" in literal else "kzo:start"
    subject = "?sp" if field == "kzo:amount" else "kz:ex-fam-1"
    sparql, reference = both(engines, mutated(f"INSERT {{ {subject} {field} {literal} }} "
                                              "WHERE { ?sp kzo:sentenceKind [] }"))
    assert (bool(sparql - base), bool(reference - base)) == (sparql_flags, pyshacl_flags)


def test_a_blank_citation_is_reported_through_its_statement(engines: tuple[Validator, Validator]) -> None:
    triples = mutated(MUTATIONS["citation without document"])
    findings = engines[0]._shacl(triples, {})
    assert any(f.focus == "kz:ex-fam-2" and f.rule == "citation is complete / kzo:document" for f in findings)


def test_real_data_gives_the_same_report_with_either_engine() -> None:
    sparql, _ = validate_paths([SETTINGS.data_dir], ONTOLOGY, SETTINGS.seeds_dir)
    reference, _ = validate_paths([SETTINGS.data_dir], ONTOLOGY, SETTINGS.seeds_dir, engine="pyshacl")
    assert sparql.violations == reference.violations == []
    assert keys(sparql.findings) == keys(reference.findings)


# ---------------------------------------------------------------------------------- fallback

def shapes(extra: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    prefixes = "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    graph.parse(data=ONTOLOGY.should_shapes.read_text(encoding="utf-8") + prefixes + extra, format="turtle")
    return graph


PATTERN_SHAPE = """
kzs:PostTitleShape a sh:NodeShape ; sh:targetClass kzo:Post ; rdfs:label "post title"@en ;
    sh:property [ sh:path skos:prefLabel ; sh:pattern "^[A-Z]" ; sh:message "Post names match the pattern." ] .
"""


@pytest.mark.parametrize(("extra", "feature"), [
    (PATTERN_SHAPE, "sh:pattern"),
    ("kzs:X a sh:NodeShape ; sh:targetClass kzo:Post ; sh:sparql [ sh:select 'SELECT $this {}' ] .", "sh:sparql"),
    ("kzs:X a sh:NodeShape ; sh:targetNode kzo:Post .", "sh:targetNode"),
    ("kzs:X a sh:NodeShape ; sh:targetClass kzo:Post ; sh:property [ sh:path [ sh:inversePath kzo:post ] ; "
     "sh:minCount 1 ; sh:message 'm' ] .", "sh:inversePath"),
    ("kzs:X a sh:NodeShape ; sh:targetClass kzo:Post ; sh:property [ sh:path kzo:post ; sh:minCount 1 ] .",
     "0 sh:message values"),
    ("kzs:X a sh:NodeShape ; sh:targetClass kzo:Post ; sh:node kzs:X ; sh:message 'm' .", "recursive shape"),
    ("kzs:X a sh:NodeShape ; sh:targetClass kzo:Post ; sh:property [ sh:path kzo:post ; sh:datatype xsd:int ; "
     "sh:message 'm' ] .", "sh:datatype xsd:int"),
])
def test_unsupported_shacl_is_named_at_compile_time(extra: str, feature: str) -> None:
    with pytest.raises(UnsupportedShapeError, match=re.escape(feature)) as raised:
        compile_shapes(shapes(extra))
    named = "kzs:PostTitleShape / property skos:prefLabel" if "PostTitle" in extra else "kzs:X"
    assert str(raised.value).startswith(f"shape {named}"), raised.value


def test_validator_falls_back_to_pyshacl_on_unsupported_shapes(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY.root, root)
    with (root / "shapes" / "should.ttl").open("a", encoding="utf-8") as out:
        out.write(PATTERN_SHAPE.replace("^[A-Z]", "^[a-z]"))
    with caplog.at_level(logging.WARNING, logger="kg.validation"):
        validator = Validator(OntologyFiles(root), SETTINGS.seeds_dir)
    assert validator.engine == "pyshacl"
    assert "sh:pattern" in caplog.text and "falling back to pyshacl" in caplog.text
    findings = validator._shacl(read(BASE)[0], {})
    assert any(f.rule == "post title / skos:prefLabel" and f.focus == "kz:ex-chair-senate" for f in findings), \
        "pyshacl must run the constraint the compiler could not"


def test_engine_setting_and_iri_guard() -> None:
    assert Settings(store="memory").shacl_engine == "sparql"
    assert Settings(store="memory", shacl_engine="pyshacl").shacl_engine == "pyshacl"
    assert Validator(ONTOLOGY, SETTINGS.seeds_dir, engine="pyshacl").engine == "pyshacl"
    assert iri(rdflib.URIRef("https://kzgraph.org/ontology#Person")) == "<https://kzgraph.org/ontology#Person>"
    for bad in ("https://x/> } DELETE WHERE { ?s ?p ?o", "https://x/a b"):
        with pytest.raises(ValueError):
            iri(rdflib.URIRef(bad))
