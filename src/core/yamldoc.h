/*
 * yamldoc.h - loading a YAML file that must be exactly one document (a gateway
 * configuration, an ROI scenario), with errors as file:line:column. libyaml's
 * yaml_parser_load reads one document and stops; a second one after `---` would be ignored
 * without a word, so this reads on and refuses it.
 */
#ifndef LLMCOST_CORE_YAMLDOC_H
#define LLMCOST_CORE_YAMLDOC_H

#include <stddef.h>
#include <yaml.h>

#include "llmcost/core.h"

/* Parse text (len bytes) named name into doc. 0 with *doc to be yaml_document_delete'd
 * (its root is NULL for an empty text); LC_PARSE (message "name:line:col: ...") for
 * malformed YAML or a second document; LC_NOMEM. */
int lc_yaml_load_one(const char *name, const char *text, size_t len, yaml_document_t *doc,
		     lc_error *err);

#endif
