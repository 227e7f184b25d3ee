# Validates GraphQL documents (a JSON array on stdin) against Shopify's published Admin API schemas in
# <specs>/shopify (argv[1]): the unstable SDL, which still lists deprecated arguments, with graphql-core's
# NoDeprecatedCustomRule, and the orderCancel/tagsAdd/tagsRemove arguments of the published stable versions.
# Prints one line per problem; nothing when every document is valid. Run by AdminDocumentsTests.
import sys, json
from graphql import build_schema, parse, validate, specified_rules, FieldNode, visit, Visitor
from graphql.validation import NoDeprecatedCustomRule
specs, docs = sys.argv[1], json.load(sys.stdin)
sdl = open(specs + "/shopify/admin_schema_unstable_2025-09.graphql").read()
# graphql-core 3.2 does not know the @oneOf directive the SDL uses without declaring it.
if "directive @oneOf" not in sdl: sdl += "\ndirective @oneOf on INPUT_OBJECT\n"
schema = build_schema(sdl)
excerpts = json.load(open(specs + "/shopify/excerpts/published-introspection-mutations.json"))
published = {"orderCancel": excerpts["orderCancel_args"]["args"]}
tags = excerpts["tagsAdd_tagsRemove_args_2026-07"]
published["tagsAdd"], published["tagsRemove"] = tags["tagsAdd"], tags["tagsRemove"]
versions = ", ".join(excerpts["orderCancel_args"]["same_in"])
problems = []
class Arguments(Visitor):
    def enter_field(self, node, *_):
        args = published.get(node.name.value)
        if args is None: return
        used = {a.name.value for a in node.arguments}
        names = {a["name"] for a in args}
        for extra in sorted(used - names):
            problems.append(f"{versions}: {node.name.value} has no argument {extra}")
        for a in args:
            if a["type"]["kind"] == "NON_NULL" and a.get("defaultValue") is None and a["name"] not in used:
                problems.append(f"{versions}: {node.name.value} needs {a['name']}")
for text in docs:
    document = parse(text)
    for error in validate(schema, document, list(specified_rules) + [NoDeprecatedCustomRule]):
        problems.append("unstable 2025-09: " + error.message)
    visit(document, Arguments())
print("\n".join(problems))
