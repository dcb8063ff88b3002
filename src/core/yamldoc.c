/*
 * yamldoc.c - one YAML document from a text, or a one-line error that says where (see
 * yamldoc.h). libyaml does the parsing; this only insists on exactly one document.
 */
#include "core/yamldoc.h"

static int parse_error(const yaml_parser_t *p, const char *name, lc_error *err)
{
	return lc_error_set(err, LC_PARSE, "%s:%lu:%lu: %s", name,
			    (unsigned long)p->problem_mark.line + 1,
			    (unsigned long)p->problem_mark.column + 1,
			    p->problem ? p->problem : "malformed YAML");
}

int lc_yaml_load_one(const char *name, const char *text, size_t len, yaml_document_t *doc,
		     lc_error *err)
{
	yaml_parser_t parser;
	yaml_document_t more;
	int rc = 0;

	if (!yaml_parser_initialize(&parser))
		return lc_error_set(err, LC_NOMEM, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, doc)) {
		rc = parse_error(&parser, name, err);
		yaml_parser_delete(&parser);
		return rc;
	}
	/* The stream must end after it: any further document that is not empty (an empty one,
	 * as a stray "---" makes, is nothing) is refused, and so is anything malformed. The
	 * stream's end is the document without a root. */
	for (;;) {
		const yaml_node_t *root;
		if (!yaml_parser_load(&parser, &more)) {
			rc = parse_error(&parser, name, err);
			break;
		}
		root = yaml_document_get_root_node(&more);
		if (root && !(root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0))
			rc = lc_error_set(err, LC_PARSE,
					  "%s:%lu:%lu: a second YAML document; this file must be one "
					  "document (remove the extra '---')",
					  name, (unsigned long)more.start_mark.line + 1,
					  (unsigned long)more.start_mark.column + 1);
		yaml_document_delete(&more);
		if (rc || !root)
			break;
	}
	yaml_parser_delete(&parser);
	if (rc)
		yaml_document_delete(doc);
	return rc;
}
