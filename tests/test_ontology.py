"""The ontology is declared once, as data, and linted: labels, definitions, alignments, edge rules."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kg.ontology import OntologyFiles
from kg.rdfio import read_all, to_rdflib
from kg.rules import edge_rules
from kg.terms import KZO, KZV, SKOS

from .conftest import ROOT

ONTOLOGY = OntologyFiles(ROOT / "ontology")


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return to_rdflib(ONTOLOGY.term_triples)


def kzo_terms(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for k in kinds for s in graph.subjects(RDF.type, k) if isinstance(s, rdflib.URIRef) and s.startswith(str(KZO))}


def test_every_term_is_labelled_and_defined(graph: rdflib.Graph) -> None:
    terms = kzo_terms(graph)
    assert len(terms) > 100
    missing = [t for t in terms if graph.value(t, RDFS.label) is None or graph.value(t, SKOS.definition) is None]
    assert missing == []


def test_every_concept_is_labelled_defined_and_in_a_scheme(graph: rdflib.Graph) -> None:
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 60
    bad = [c for c in concepts if not (graph.value(c, SKOS.prefLabel) and graph.value(c, SKOS.definition)
                                       and graph.value(c, SKOS.inScheme))]
    assert bad == []


def test_claim_statuses_are_the_six_the_model_names(graph: rdflib.Graph) -> None:
    statuses = {str(c).rsplit("/", 1)[-1] for c in graph.subjects(SKOS.inScheme, KZV.ClaimStatus)}
    assert statuses == {"reported", "alleged", "disputed", "denied", "court-established", "overturned"}


def test_alignments_to_reused_vocabularies_are_stated(graph: rdflib.Graph) -> None:
    targets = {str(o) for p in (RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf) for o in graph.objects(None, p)}
    for namespace in ("http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/prov#",
                      "http://schema.org/", "https://schema.followthemoney.tech/#"):
        assert any(t.startswith(namespace) for t in targets), namespace


def test_every_relation_class_declares_its_edge() -> None:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ONTOLOGY.term_triples)
    rules = {r.relation_class.value.rsplit("#", 1)[-1]: r for r in edge_rules(store)}
    assert set(rules) == {"Membership", "Leadership", "Founding", "PostHolding", "FamilyTie", "Association",
                          "Ownership", "Funding", "Lineage", "Participation"}
    declared = {t.subject for t in ONTOLOGY.term_triples}
    for rule in rules.values():
        assert {rule.source, rule.target, rule.direct} <= declared
        assert rule.label


def test_data_uses_only_declared_terms(graph: rdflib.Graph) -> None:
    triples, errors, _ = read_all([ROOT / "data", ROOT / "ontology" / "examples" / "valid"])
    assert errors == []
    declared = {str(t) for t in kzo_terms(graph)}
    used = set()
    for t in triples:
        for term in (t.predicate, t.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(str(KZO)):
                used.add(term.value)
    assert used - declared == set()
