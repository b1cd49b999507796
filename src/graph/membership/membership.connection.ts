import { connectionTypes } from "../common/connection";
import { Membership } from "./membership.type";

export const MembershipConnection = connectionTypes(Membership, "Membership");
