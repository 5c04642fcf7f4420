/*
 * The collector table and the driver that runs it. The order matters: a
 * collector may read the sections of those before it (noted in the table).
 */
#include "collect/collect.h"
#include "collect/collectors.h"
#include "facts/facts.h"

#include <stdlib.h>

const struct da_collector *const da_collectors[] = {
	&da_collector_host,
	&da_collector_daemon,
	&da_collector_users,
	&da_collector_lsm,
	&da_collector_audit,
	&da_collector_mounts,      /* reads /daemon/info (the data root) */
	&da_collector_files,       /* reads /daemon (config file, TLS files, socket) */
	&da_collector_containers,
	&da_collector_images,      /* reads /containers (images in use) */
	&da_collector_inventory,   /* reads /images, /containers */
	&da_collector_swarm,       /* reads /daemon/info (swarm state, data root) */
	NULL,
};

int da_collect_all(const struct da_collect_opts *opts, json_t **facts, struct da_err *err)
{
	struct da_collect_ctx ctx = { 0 };
	struct da_root root;
	struct da_docker *docker = NULL;
	size_t i;

	if (da_root_open(&root, opts->root_dir ? opts->root_dir : "/", err) < 0)
		return -1;
	if (da_docker_open(&opts->docker, &docker, err) < 0) {
		da_root_close(&root);
		return -1;
	}
	ctx.root = &root;
	ctx.docker = docker;
	ctx.facts = da_facts_new(root.path);
	for (i = 0; da_collectors[i]; i++) {
		json_t *section = json_object();

		json_object_set_new(ctx.facts, da_collectors[i]->name, section);
		da_collectors[i]->collect(&ctx, section);
	}
	da_docker_close(docker);
	da_root_close(&root);
	*facts = ctx.facts;
	return 0;
}
