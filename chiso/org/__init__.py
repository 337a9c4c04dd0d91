"""Organisation: the tree of units (province, departments, communes, divisions) and its history."""
