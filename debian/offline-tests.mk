# Used with the generated Makefile (make -f Makefile -f debian/offline-tests.mk):
# print the tests of `make check` that need neither root nor a Docker
# daemon, i.e. all but tests/integration/.
offline-tests:
	@echo $(filter-out tests/integration/%,$(TESTS))
.PHONY: offline-tests
