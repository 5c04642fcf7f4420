/*
 * Fuzz target: the daemon's configuration file (daemon.json) as read from
 * the audited host, and the effective settings computed from it.
 */
#include "fuzz.h"
#include "collect/daemon.h"
#include "common/rootfs.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char root_dir[] = "/tmp/da-fuzz-root-XXXXXX";
static char json_path[sizeof(root_dir) + 32];

static void make_root(void)
{
	char dir[sizeof(root_dir) + 16];

	if (!mkdtemp(root_dir))
		abort();
	snprintf(dir, sizeof(dir), "%s/etc", root_dir);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/etc/docker", root_dir);
	mkdir(dir, 0755);
	snprintf(json_path, sizeof(json_path), "%s/etc/docker/daemon.json", root_dir);
}

static void remove_root(void)
{
	char dir[sizeof(root_dir) + 16];

	unlink(json_path);
	snprintf(dir, sizeof(dir), "%s/etc/docker", root_dir);
	rmdir(dir);
	snprintf(dir, sizeof(dir), "%s/etc", root_dir);
	rmdir(dir);
	rmdir(root_dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *argv[] = { "dockerd", NULL };
	struct da_dockerd_flags flags = { 0 };
	struct da_err err = { { 0 } };
	struct da_root root;
	json_t *config, *settings;
	static int ready;
	int fd;

	if (!ready) {
		make_root();
		atexit(remove_root);
		ready = 1;
	}
	fd = open(json_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	if (da_root_open(&root, root_dir, &err) < 0 || da_dockerd_argv_parse(argv, 1, &flags, &err) < 0)
		abort();
	config = da_dockerd_config_file(&root, &flags);
	settings = da_dockerd_settings_json(&flags, config, NULL);
	json_decref(settings);
	json_decref(config);
	da_dockerd_flags_free(&flags);
	da_root_close(&root);
	return 0;
}
