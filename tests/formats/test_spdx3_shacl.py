"""`--format spdx3` against the SPDX 3.0.1 SHACL shapes, offline, with pyshacl.

The shapes are the official SPDX 3.0.1 model, vendored unmodified in
`spec/spdx-3.0.1/spdx-model.longturtle` (see PROVENANCE.md there). Documents name the context
https://spdx.org/rdf/3.0.1/spdx-context.jsonld, which is never fetched: the context is rebuilt
here from the vendored model by the rules the SPDX spec-parser uses to generate the official
one, checked term by term against the SPDX Python bindings (generated from the official
context), and put in place of the URL before the JSON-LD is read.

Two defects of the published 3.0.1 model are known upstream and handled in memory only:

* abstract classes are guarded by `sh:not [sh:class C]`, which every instance of a concrete
  subclass also matches (spdx/spec-parser#165); the shapes are rewritten to the upstream fix,
  `sh:property [sh:path rdf:type; sh:not [sh:hasValue C]]`, which still rejects a direct
  instance of an abstract class (tested below);
* the model's own named individuals and their creation infos do not conform to the model
  (spdx/spdx-3-model#936), so results whose focus node is one of them, not a node of the
  document, are not counted against the document.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path
from typing import Any

import pytest

rdflib = pytest.importorskip("rdflib")
pyshacl = pytest.importorskip("pyshacl")

# pyshacl still builds rdflib ConjunctiveGraphs, deprecated since rdflib 7.1.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

from rdflib import BNode, Graph, Literal, URIRef  # noqa: E402
from rdflib.collection import Collection  # noqa: E402
from rdflib.namespace import OWL, RDF, RDFS, SH  # noqa: E402

from osaid.catalog import load_catalog_system  # noqa: E402
from osaid.evaluation.evaluate import Evaluator  # noqa: E402
from osaid.formats.interface import OutputFormat, render  # noqa: E402

HERE = Path(__file__).resolve().parent
SPEC = HERE / "spec" / "spdx-3.0.1"
MODEL = SPEC / "spdx-model.longturtle"
MODEL_SHA256 = "64766f27fb3e2cc7d7041ebf396c4e0481cf7853fe4d4ee225b14fbc59526c7a"
GOLDEN = sorted((HERE / "golden").glob("*.spdx3.json"))
CONTEXT_URL = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
TERMS = "https://spdx.org/rdf/3.0.1/terms/"
SPEC_NODES = "https://spdx.org/rdf/3.0.1/"
"""IRIs of the nodes the model itself defines (its named individuals and their creation
infos): results about them are the model's own (spdx/spdx-3-model#936)."""


# ---- the model, the shapes and the context ---------------------------------------------------


@pytest.fixture(scope="module")
def model() -> Graph:
    raw = MODEL.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == MODEL_SHA256, "see spec/spdx-3.0.1/PROVENANCE.md"
    return Graph().parse(data=raw.decode("utf-8"), format="turtle")


def _fix_abstract_class_checks(model: Graph) -> tuple[Graph, int]:
    """The shapes with each `C sh:not [sh:class C]` replaced by the upstream fix."""
    shapes = Graph()
    shapes += model
    fixed = 0
    for cls, guard in list(shapes.subject_objects(SH["not"])):
        if (guard, SH["class"], cls) not in shapes:
            continue
        message = shapes.value(guard, SH.message)
        shapes.remove((cls, SH["not"], guard))
        shapes.remove((guard, None, None))
        prop, inner = BNode(), BNode()
        shapes.add((cls, SH.property, prop))
        shapes.add((prop, SH.path, RDF.type))
        shapes.add((prop, SH["not"], inner))
        shapes.add((inner, SH.hasValue, cls))
        if message is not None:
            shapes.add((prop, SH.message, message))
        fixed += 1
    return shapes, fixed


@pytest.fixture(scope="module")
def shapes(model: Graph) -> Graph:
    shapes, fixed = _fix_abstract_class_checks(model)
    assert fixed >= 10, fixed  # Element, Artifact, SoftwareArtifact, AnyLicenseInfo, ...
    return shapes


def _context(model: Graph) -> dict[str, Any]:
    """The JSON-LD context, by the rules of spec-parser's `jsonld_context`: one term per model
    class, property and (non-vocabulary) individual, named `Name` in Core and `ns_Name`
    elsewhere; enumeration properties take their values from the vocabulary, object
    properties take IRIs, data properties are typed by their range."""
    vocab_values: set[Any] = set()
    vocab_classes: set[Any] = set()
    for lst in model.objects(None, SH["in"]):
        for value in Collection(model, lst):
            vocab_values.add(value)
            vocab_classes.update(
                t for t in model.objects(value, RDF.type) if t != OWL.NamedIndividual
            )
    terms: dict[str, Any] = {}
    for node in sorted({s for s in model.subjects() if isinstance(s, URIRef)}):
        if node in vocab_values:
            continue
        parts = str(node).rsplit("/", 2)
        if len(parts) != 3 or parts[0] != TERMS.rstrip("/"):
            continue
        _, ns, name = parts
        key = name if ns == "Core" else f"{ns.lower()}_{name}"
        assert key not in terms, key
        term: Any = str(node)
        rng = model.value(node, RDFS.range)
        if (node, RDF.type, OWL.ObjectProperty) in model:
            if rng in vocab_classes:
                term = {"@id": term, "@type": "@vocab", "@context": {"@vocab": f"{rng}/"}}
            elif (rng, RDF.type, OWL.Class) in model:
                term = {"@id": term, "@type": "@vocab"}
        elif (node, RDF.type, OWL.DatatypeProperty) in model and rng is not None:
            term = {"@id": term, "@type": str(rng)}
        terms[key] = term
    terms.update(spdx=TERMS, spdxId="@id", type="@type")
    return terms


@pytest.fixture(scope="module")
def context(model: Graph) -> dict[str, Any]:
    return _context(model)


def test_the_context_agrees_with_the_spdx_bindings(context: dict[str, Any]) -> None:
    """Every compact name the SPDX Python bindings use (class types, property names and
    their values, all generated from the official context) means the same IRI here."""
    from spdx_python_model.bindings.v3_0_1 import model as bindings

    def iri(term: str) -> str | None:
        found = context.get(term)
        return found["@id"] if isinstance(found, dict) else found

    classes = [
        c
        for c in vars(bindings).values()
        if inspect.isclass(c)
        and issubclass(c, bindings.SHACLObject)
        and c is not bindings.SHACLObject
    ]
    checked, wrong = 0, []
    for cls in classes:
        if cls._COMPACT_TYPE and cls._COMPACT_TYPE != "IndividualElement":
            # Core/IndividualElement is in the bindings' later build of the 3.0.1 model only.
            checked += 1
            if iri(cls._COMPACT_TYPE) != cls._TYPE:
                wrong.append((cls._COMPACT_TYPE, cls._TYPE))
        for name, prop in cls._OBJ_COMPACT_PROPS.items():
            checked += 1
            if iri(name) != prop.iri:
                wrong.append((name, prop.iri))
            values = prop.prop if prop.reg is None else prop.reg()  # reg is dropped once used
            while type(values).__name__ == "ListProp":
                values = values.prop
            term = context.get(name)
            vocab = term.get("@context", {}).get("@vocab") if isinstance(term, dict) else None
            for value_iri, compact in getattr(values, "context", ()) or ():
                checked += 1
                if value_iri not in (f"{vocab}{compact}" if vocab else None, iri(compact)):
                    wrong.append((f"{name}={compact}", value_iri))
    assert checked > 2000 and not wrong, wrong


# ---- validation -------------------------------------------------------------------------------


def _validate(
    doc: dict[str, Any], shapes: Graph, model: Graph, context: dict[str, Any]
) -> tuple[list[tuple[str, str, str]], str]:
    """The SHACL results about the document's own nodes, and the full report text."""
    assert doc["@context"] == CONTEXT_URL
    doc = {**doc, "@context": context}  # never fetched: the local context instead of the URL
    data = Graph().parse(data=json.dumps(doc), format="json-ld")
    mine = set(data.subjects())
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=model, inference="none", advanced=True
    )
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        if focus in mine:
            component = str(results.value(result, SH.sourceConstraintComponent))
            message = str(results.value(result, SH.resultMessage))
            found.append((str(focus), component.rsplit("#", 1)[-1], message))
        else:
            assert str(focus).startswith(SPEC_NODES), text  # the model's own (upstream #936)
    assert conforms == (results.value(None, SH.conforms) == Literal(True))
    return found, str(text)


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda p: p.name)
def test_golden_spdx3_conforms_to_the_shacl_shapes(
    golden: Path, shapes: Graph, model: Graph, context: dict[str, Any]
) -> None:
    found, text = _validate(_load(golden), shapes, model, context)
    assert not found, text


def test_rendered_pythia_conforms_to_the_shacl_shapes(
    shapes: Graph, model: Graph, context: dict[str, Any]
) -> None:
    report = Evaluator().evaluate(load_catalog_system("pythia"), ["osaid-1.0", "mof"])
    doc = json.loads(render(report, OutputFormat.SPDX3))
    data = Graph().parse(data=json.dumps({**doc, "@context": context}), format="json-ld")
    assert len(data) > 300  # the whole document was read, not an empty graph
    found, text = _validate(doc, shapes, model, context)
    assert not found, text


def _first(doc: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(node for node in doc["@graph"] if node["type"] == kind)


@pytest.mark.parametrize(
    ("change", "component"),
    [
        (lambda d: _first(d, "Relationship").update(relationshipType="isFriendsWith"), "In"),
        (lambda d: _first(d, "Relationship").pop("from"), "MinCount"),
        (lambda d: _first(d, "ai_AIPackage").pop("creationInfo"), "MinCount"),
        (lambda d: _first(d, "CreationInfo").update(created="yesterday"), "Pattern"),
        (lambda d: _first(d, "ai_AIPackage").update(type="software_SoftwareArtifact"), "Not"),
    ],
    ids=["bogus-relationshipType", "no-from", "no-creationInfo", "bad-created", "abstract-type"],
)
def test_a_broken_document_does_not_conform(
    change: Any, component: str, shapes: Graph, model: Graph, context: dict[str, Any]
) -> None:
    doc = _load(GOLDEN[0])
    change(doc)
    found, text = _validate(doc, shapes, model, context)
    assert f"{component}ConstraintComponent" in {c for _, c, _ in found}, text


def test_the_abstract_class_fix_changes_only_the_guards(model: Graph) -> None:
    """Each guard loses 3 triples (sh:not, sh:class, sh:message) and gains 5; no
    `C sh:not [sh:class C]` is left, and the vendored model itself is untouched."""
    before = len(model)
    shapes, fixed = _fix_abstract_class_checks(model)
    assert len(model) == before and len(shapes) == before + 2 * fixed
    assert not [c for c, g in shapes.subject_objects(SH["not"]) if (g, SH["class"], c) in shapes]
    assert set(shapes.objects(None, SH.hasValue)) == {
        c for c, g in model.subject_objects(SH["not"]) if (g, SH["class"], c) in model
    }
