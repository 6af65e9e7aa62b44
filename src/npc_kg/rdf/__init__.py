"""The RDF term plumbing, in one room: the vocabularies (`namespaces`), the one place IRIs are minted
(`iris`), terms spelt as N-Triples and converted between rdflib and pyoxigraph (`oxterms`), and a graph
as sorted N-Triples lines (`statements`). Everything from the map stage on speaks through these."""
