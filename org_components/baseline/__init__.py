"""A baseline delivered to every account of an OU: where it goes, what it holds, what AWS would refuse."""
