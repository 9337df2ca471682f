// These tests start up to a hundred processes at a time; running them beside each other on two cores
// would only measure contention. One at a time, each gets the machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
